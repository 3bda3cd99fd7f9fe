/**
 * The simple detectors a deep model must beat, run beside it on the same rows: PCA, Isolation
 * Forest, KMeansAD (TSB-AD's strongest simple baselines on multivariate series) and Random Cut
 * Forest, each fitted on the training file and scoring every test row causally, as a stream would.
 */
package org.elbostream.trainer.eval.baseline;
