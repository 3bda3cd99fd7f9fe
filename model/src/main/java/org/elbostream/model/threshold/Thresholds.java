package org.elbostream.model.threshold;

/**
 * Anomaly thresholds on the score (nats), calibrated on held-out normal records.
 *
 * @param method which threshold flags anomalies: {@code "pot"} or {@code "quantile"}
 * @param falseAlarmRate target fraction of normal records flagged by the quantile threshold
 * @param quantile the (1 - falseAlarmRate) empirical quantile of the calibration scores
 * @param risk target probability that a normal record exceeds the peaks-over-threshold threshold
 * @param potInitial the initial threshold t whose excesses were fitted
 * @param tail generalised Pareto fit of the excesses over {@code potInitial}
 * @param pot t + the GPD quantile at risk: can lie beyond every score seen in calibration
 * @param calibrationRows how many scores the calibration rests on
 * @param calibrationScores the last {@value #KEPT_SCORES} calibration scores at most, in the order the
 *     held-out rows came: what a streaming threshold starts from; null in a bundle trained before
 *     streaming thresholds, which then keeps its threshold fixed
 */
public record Thresholds(
    String method,
    double falseAlarmRate,
    double quantile,
    double risk,
    double potInitial,
    GeneralizedPareto tail,
    double pot,
    int calibrationRows,
    double[] calibrationScores) {
  /** Calibration scores a bundle keeps for a streaming threshold: 200 peaks over the 0.98 quantile. */
  public static final int KEPT_SCORES = 10_000;

  public Thresholds {
    if (!"pot".equals(method) && !"quantile".equals(method)) {
      throw new IllegalArgumentException("threshold method must be pot or quantile, got " + method);
    }
  }

  /** The threshold that flags anomalies. */
  public double threshold() {
    return "pot".equals(method) ? pot : quantile;
  }

  /** The probability of a normal score above {@link #threshold}, as calibrated. */
  public double flaggedShare() {
    return "pot".equals(method) ? risk : falseAlarmRate;
  }
}
