package org.elbostream.trainer.eval.measure;

import java.util.List;

/**
 * Range-based F1 (Tatbul et al., "Precision and Recall for Time Series", NeurIPS 2018), with TSB-AD's
 * choices: flat positional bias, cardinality factor 1/(number of overlapping ranges), recall weighing
 * existence by 0.2 and overlap by 0.8, precision by overlap alone.
 */
public final class RangeF1 {
  private static final double RECALL_EXISTENCE_WEIGHT = 0.2;

  private RangeF1() {}

  public static double of(boolean[] labels, boolean[] flags) {
    double recall = rangeRecall(labels, flags, RECALL_EXISTENCE_WEIGHT);
    double precision = rangeRecall(flags, labels, 0);
    return precision + recall == 0 ? 0 : 2 * recall * precision / (precision + recall);
  }

  /** The best over {@link OracleThresholds}. */
  public static double best(double[] scores, boolean[] labels) {
    return OracleThresholds.best(scores, flags -> of(labels, flags));
  }

  /**
   * Tatbul et al.'s recall of the {@code real} ranges by the {@code predicted} ones; with the roles
   * swapped and no existence reward it is their precision.
   */
  private static double rangeRecall(boolean[] real, boolean[] predicted, double existenceWeight) {
    List<int[]> realRanges = Runs.of(real);
    if (realRanges.isEmpty()) {
      return 0;
    }
    List<int[]> predictedRanges = Runs.of(predicted);
    double sum = 0;
    for (int[] r : realRanges) {
      int covered = 0;
      for (int i = r[0]; i <= r[1]; i++) {
        covered += predicted[i] ? 1 : 0;
      }
      int overlapping = 0;
      for (int k = Runs.firstWhere(predictedRanges.size(), i -> predictedRanges.get(i)[1] >= r[0]);
          k < predictedRanges.size()
          && predictedRanges.get(k)[0] <= r[1]; k++) {
        overlapping++;
      }
      double existence = covered > 0 ? 1 : 0;
      double overlap = overlapping == 0 ? 0 : (double) covered / (r[1] - r[0] + 1) / overlapping;
      sum += existenceWeight * existence + (1 - existenceWeight) * overlap;
    }
    return sum / realRanges.size();
  }
}
