package org.elbostream.trainer.eval;

import java.util.Arrays;
import org.elbostream.model.incident.IncidentRules;
import org.elbostream.model.threshold.ScoreThreshold;
import org.elbostream.model.threshold.ThresholdPolicy;
import org.elbostream.model.threshold.Thresholds;

/**
 * Where the service would page: the bundle's threshold moved by the service's threshold policy,
 * and its incident rules, on rows {@code intervalMillis} apart (a file without a time column).
 */
public record OperatingPoint(ThresholdPolicy policy, IncidentRules rules, long intervalMillis) {
  public OperatingPoint {
    if (intervalMillis < 1) {
      throw new IllegalArgumentException("the interval between rows is at least 1 ms, got " + intervalMillis);
    }
  }

  /** The service's defaults, rows a minute apart as in SMD. */
  public static OperatingPoint defaults() {
    return new OperatingPoint(ThresholdPolicy.defaults(), IncidentRules.defaults(), 60_000);
  }

  /** The threshold each score is judged by, started from the bundle's calibration and fed the scores in turn. */
  public double[] thresholds(Thresholds bundle, double[] scores) {
    ScoreThreshold threshold = policy.start(bundle);
    double[] out = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      out[i] = threshold.threshold();
      threshold.offer(scores[i]);
    }
    return out;
  }

  /** A detector's own threshold, fixed, for every row; null when it has none. */
  public static double[] fixed(double threshold, int rows) {
    if (Double.isNaN(threshold)) {
      return null;
    }
    double[] out = new double[rows];
    Arrays.fill(out, threshold);
    return out;
  }
}
