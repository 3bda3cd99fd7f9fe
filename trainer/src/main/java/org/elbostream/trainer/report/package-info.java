/** HTML reports and PNG charts of training, evaluation and imputation. */
package org.elbostream.trainer.report;
