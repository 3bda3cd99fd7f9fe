package org.elbostream.streams.topology;

import org.elbostream.model.threshold.GeneralizedPareto;
import org.elbostream.model.threshold.Thresholds;

/**
 * How rare an anomalous score is among normal records, from the generalised Pareto tail fitted at
 * calibration: P(S > s) = P(S > t) (1 + xi (s - t) / sigma)^(-1/xi) above the initial threshold t,
 * scaled so that P(S > threshold) is the calibrated risk.
 */
final class Severity {
  /** CRITICAL when a normal record scores this high at most this fraction as often as it crosses the threshold. */
  static final double CRITICAL_RATIO = 0.01;

  private Severity() {}

  /** Estimated probability that a normal record scores at least {@code score}; NaN without a tail fit. */
  static double tailProbability(Thresholds t, double score) {
    GeneralizedPareto tail = t.tail();
    if (tail == null || !"pot".equals(t.method()) || score < t.potInitial()) {
      return Double.NaN;
    }
    return t.risk() * survival(tail, score - t.potInitial()) / survival(tail, t.pot() - t.potInitial());
  }

  static String of(Thresholds t, double score) {
    double p = tailProbability(t, score);
    return !Double.isNaN(p) && p <= CRITICAL_RATIO * t.risk() ? "CRITICAL" : "WARNING";
  }

  private static double survival(GeneralizedPareto g, double excess) {
    double xi = g.shape();
    double z = excess / g.scale();
    if (Math.abs(xi) < 1e-9) {
      return Math.exp(-z);
    }
    double base = 1 + xi * z;
    return base <= 0 ? 0 : Math.pow(base, -1 / xi);
  }
}
