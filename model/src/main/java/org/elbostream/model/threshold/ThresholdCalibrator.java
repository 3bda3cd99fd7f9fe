package org.elbostream.model.threshold;

import java.util.Arrays;

/**
 * Calibrates thresholds from scores of held-out normal records: the empirical quantile at a target
 * false-alarm rate, and peaks over threshold (Siffer et al. 2017): fit a generalised Pareto
 * distribution to the excesses over a high initial quantile and extrapolate to a target risk.
 *
 * @param falseAlarmRate e.g. 0.01
 * @param risk e.g. 1e-3
 * @param initialQuantile quantile of the initial POT threshold, e.g. 0.98
 * @param method which threshold flags: "pot" or "quantile"
 */
public record ThresholdCalibrator(double falseAlarmRate, double risk, double initialQuantile, String method) {

  public static ThresholdCalibrator defaults() {
    return new ThresholdCalibrator(0.01, 1e-3, 0.98, "pot");
  }

  public ThresholdCalibrator {
    if (!(falseAlarmRate > 0 && falseAlarmRate < 1) || !(risk > 0 && risk < 1)
        || !(initialQuantile > 0 && initialQuantile < 1)) {
      throw new IllegalArgumentException("falseAlarmRate, risk and initialQuantile must lie in (0, 1)");
    }
    if (risk >= 1 - initialQuantile) {
      throw new IllegalArgumentException("risk " + risk + " must be below the initial tail fraction "
          + (1 - initialQuantile));
    }
  }

  /** @param normalScores in the order the rows came, which a streaming threshold's drift term reads */
  public Thresholds calibrate(double[] normalScores) {
    double[] sorted = normalScores.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    if (n < 20) {
      throw new IllegalArgumentException("need at least 20 calibration scores, got " + n);
    }
    if (!Double.isFinite(sorted[0]) || !Double.isFinite(sorted[n - 1])) {
      throw new IllegalArgumentException("calibration scores must be finite");
    }
    double quantile = quantileOf(sorted, 1 - falseAlarmRate);
    double t = quantileOf(sorted, initialQuantile);
    int firstAbove = upperBound(sorted, t);
    double[] excesses = new double[n - firstAbove];
    for (int i = firstAbove; i < n; i++) {
      excesses[i - firstAbove] = sorted[i] - t;
    }
    GeneralizedPareto tail;
    double pot;
    if (excesses.length >= 3) {
      tail = GeneralizedPareto.fit(excesses);
      double tailFraction = (double) excesses.length / n;
      pot = t + tail.quantileOfSurvival(risk / tailFraction);
    } else {
      // Too few distinct tail values to fit (e.g. tied scores): fall back to the largest seen.
      tail = new GeneralizedPareto(0, 0);
      pot = sorted[n - 1];
    }
    double[] kept = Arrays.copyOfRange(normalScores, Math.max(0, n - Thresholds.KEPT_SCORES), n);
    return new Thresholds(method, falseAlarmRate, quantile, risk, t, tail, pot, n, kept);
  }

  /** Linear-interpolated empirical quantile of sorted values. */
  static double quantileOf(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static int upperBound(double[] sorted, double t) {
    int i = Arrays.binarySearch(sorted, t);
    if (i < 0) {
      return -i - 1;
    }
    while (i < sorted.length && sorted[i] <= t) {
      i++;
    }
    return i;
  }
}
