package org.elbostream.trainer.eval.baseline;

import java.util.List;
import java.util.function.IntConsumer;
import org.elbostream.model.threshold.ThresholdCalibrator;
import org.elbostream.model.threshold.Thresholds;

/** A fitted detector: a score per row, larger is more anomalous, each known when its row arrives. */
public interface Detector {

  /**
   * Scores the rows in order (a missing value is NaN).
   *
   * @param progress hears the number of rows scored
   */
  double[] score(List<double[]> rows, IntConsumer progress);

  /**
   * Where it flags, calibrated without labels on its scores of normal rows: the threshold and the
   * calibration scores a streaming threshold starts from, as a model bundle keeps them.
   */
  Thresholds thresholds();

  /**
   * What our calibrator (peaks over threshold, its defaults) makes of a detector's scores of normal
   * rows: how every baseline gets its label-free operating point.
   */
  static Thresholds calibrate(Detector detector, List<double[]> normalRows) {
    return ThresholdCalibrator.defaults().calibrate(detector.score(normalRows, done -> {}));
  }
}
