/** The seed papers' binarised-MNIST table: its models and how each row is measured. */
package org.elbostream.trainer.mnist;
