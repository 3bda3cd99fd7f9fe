package org.elbostream.trainer.eval.measure;

import java.util.function.Function;

/**
 * The thresholds at which TSB-AD reports its threshold-dependent measures: 100 evenly spaced from the
 * lowest score to the highest ({@code numpy.linspace}), a point flagged when its score is strictly
 * above. The best value over them is an oracle figure: it picks the threshold with the labels.
 */
public final class OracleThresholds {
  /** TSB-AD's grid size. */
  public static final int COUNT = 100;

  private OracleThresholds() {}

  /** The grid, computed as numpy does so that ties fall on the same side. */
  public static double[] of(double[] scores) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double s : scores) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    double step = (max - min) / (COUNT - 1);
    double[] grid = new double[COUNT];
    for (int k = 0; k < COUNT; k++) {
      grid[k] = k * step + min;
    }
    grid[COUNT - 1] = max;
    return grid;
  }

  /** Flags every score strictly above the threshold. */
  public static boolean[] flag(double[] scores, double threshold) {
    boolean[] flags = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      flags[i] = scores[i] > threshold;
    }
    return flags;
  }

  /** The largest value of a measure over the grid; a NaN (undefined at that threshold) is passed over. */
  public static double best(double[] scores, Function<boolean[], Double> measure) {
    double best = Double.NaN;
    for (double t : of(scores)) {
      double v = measure.apply(flag(scores, t));
      if (!Double.isNaN(v) && (Double.isNaN(best) || v > best)) {
        best = v;
      }
    }
    return best;
  }
}
