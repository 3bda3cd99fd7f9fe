/**
 * The detection measures of TSB-AD (Liu &amp; Paparrizos, "The Elephant in the Room: Towards A
 * Reliable Time-Series Anomaly Detection Benchmark", NeurIPS 2024), each in its own class with its
 * definition cited, returning what TSB-AD's own {@code get_metrics} returns for the same scores and
 * labels (tested against its values). Where TSB-AD's code departs from the paper that defined a
 * measure, the class follows the code, so that figures compare with the published leaderboard, and
 * says where.
 */
package org.elbostream.trainer.eval.measure;
