/** Reading training and test data (CSV, IDX images, labels), stopping on a bad cell with its file and line. */
package org.elbostream.trainer.data;
