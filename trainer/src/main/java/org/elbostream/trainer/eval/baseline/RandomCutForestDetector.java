package org.elbostream.trainer.eval.baseline;

import com.amazon.randomcutforest.RandomCutForest;
import java.util.List;
import java.util.function.IntConsumer;
import org.elbostream.model.threshold.ThresholdCalibrator;
import org.elbostream.trainer.impute.Baselines;
import org.elbostream.model.threshold.Thresholds;

/**
 * AWS Random Cut Forest as a peer detector, with the library's default parameters: trained by
 * streaming the training rows through {@code update}, then on the test rows scoring each point
 * before updating with it, which is how RCF is meant to run on a stream. RCF cannot take a missing
 * value: one is replaced by its column's training mean. Its threshold is calibrated like ours: the
 * same calibrator on the scores of the last rows of training (scored before each update), by
 * default the same held-out share our trainer uses.
 */
public final class RandomCutForestDetector implements Detector {
  private final RandomCutForest forest;
  private final double[] fill;
  private Thresholds thresholds;

  private RandomCutForestDetector(RandomCutForest forest, double[] fill) {
    this.forest = forest;
    this.fill = fill;
  }

  /** The calibrated threshold on RCF's own score scale. */
  @Override
  public Thresholds thresholds() {
    return thresholds;
  }

  /**
   * @param calibrationFraction trailing share of the training rows whose scores calibrate the threshold
   */
  public static RandomCutForestDetector train(List<double[]> rows, long seed, double calibrationFraction,
      ThresholdCalibrator calibrator, IntConsumer progress) {
    int d = rows.get(0).length;
    double[] fill = Baselines.columnMeans(rows);
    RandomCutForestDetector rcf = new RandomCutForestDetector(RandomCutForest.builder().dimensions(d).randomSeed(seed).build(), fill);
    int calibrationStart = rows.size() - (int) Math.round(rows.size() * calibrationFraction);
    double[] calibration = new double[rows.size() - calibrationStart];
    for (int i = 0; i < rows.size(); i++) {
      float[] p = rcf.point(rows.get(i));
      if (i >= calibrationStart) {
        calibration[i - calibrationStart] = rcf.forest.getAnomalyScore(p);
      }
      rcf.forest.update(p);
      progress.accept(i + 1);
    }
    rcf.thresholds = calibrator.calibrate(calibration);
    return rcf;
  }

  /** Scores each row, then learns from it. */
  @Override
  public double[] score(List<double[]> rows, IntConsumer progress) {
    double[] scores = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      scores[i] = scoreAndUpdate(rows.get(i));
      progress.accept(i + 1);
    }
    return scores;
  }

  /** Scores one row (NaN = missing), then learns from it. Not thread-safe. */
  public double scoreAndUpdate(double[] row) {
    float[] p = point(row);
    double score = forest.getAnomalyScore(p);
    forest.update(p);
    return score;
  }

  /** What a missing value of column {@code j} is replaced by: its training mean. */
  public double fill(int j) {
    return fill[j];
  }

  private float[] point(double[] row) {
    float[] p = new float[row.length];
    for (int j = 0; j < row.length; j++) {
      p[j] = (float) (Double.isNaN(row[j]) ? fill[j] : row[j]);
    }
    return p;
  }
}
