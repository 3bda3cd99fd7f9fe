/** Judging imputation: hidden cells, the imputers and their baselines, and the choice of model by held-out likelihood. */
package org.elbostream.trainer.impute;
