package org.elbostream.trainer.eval.baseline;

import java.util.List;
import java.util.function.IntConsumer;
import org.elbostream.model.threshold.ThresholdCalibrator;

/** A fitted detector: a score per row, larger is more anomalous, each known when its row arrives. */
public interface Detector {

  /**
   * Scores the rows in order (a missing value is NaN).
   *
   * @param progress hears the number of rows scored
   */
  double[] score(List<double[]> rows, IntConsumer progress);

  /** The threshold it flags above, calibrated without labels on its scores of normal rows. */
  double threshold();

  /**
   * The threshold our calibrator (peaks over threshold, its defaults) sets on a detector's scores of
   * normal rows: how every baseline gets its label-free operating point.
   */
  static double calibrate(Detector detector, List<double[]> normalRows) {
    return ThresholdCalibrator.defaults().calibrate(detector.score(normalRows, done -> {})).threshold();
  }
}
