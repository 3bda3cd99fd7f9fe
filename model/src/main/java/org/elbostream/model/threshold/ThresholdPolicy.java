package org.elbostream.model.threshold;

/**
 * How the threshold a score is judged by is set: fixed at calibration ({@code STATIC}), or started
 * from the bundle's calibration scores and updated from the stream by SPOT or DSPOT (see
 * {@link StreamingThreshold}). The service and {@code eval} both start their thresholds here, so
 * {@code eval} judges scores as the service would.
 *
 * @param mode static, spot or dspot
 * @param risk the probability of a normal score above the threshold; NaN for the bundle's own
 * @param initialQuantile the quantile of the calibration scores that peaks exceed
 * @param depth DSPOT's count of recent non-alarm scores whose mean is the local level
 * @param maxPeaks peaks and alarms the tail is fitted to, the latest ones
 * @param refitEvery new peaks or alarms between two fits of the tail
 */
public record ThresholdPolicy(Mode mode, double risk, double initialQuantile, int depth, int maxPeaks,
    int refitEvery) {
  /** Calibration scores below which no tail is fitted: the peaks over the initial quantile would be too few. */
  static final int MIN_SCORES = 20;

  /** How a threshold moves. */
  public enum Mode { STATIC, SPOT, DSPOT }

  public ThresholdPolicy {
    if (!Double.isNaN(risk) && !(risk > 0 && risk < 1 - initialQuantile)) {
      throw new IllegalArgumentException("threshold risk " + risk + " must lie in (0, 1 - initial quantile "
          + initialQuantile + ")");
    }
    if (depth < 1 && mode == Mode.DSPOT) {
      throw new IllegalArgumentException("DSPOT's depth is at least 1 score, got " + depth);
    }
  }

  /**
   * What the service and {@code eval} use unless told otherwise: DSPOT at a risk of 1 %, its level
   * the mean of the last 2,000 non-alarm scores. The risk is ten times the calibration's usual one
   * because the default {@link org.elbostream.model.incident.IncidentRules} open an incident on two
   * crossings in a row: a lone normal crossing, the commonest false page, no longer opens one, and a
   * looser threshold catches the anomalies that cross it for a while (docs/evaluation.md, the
   * operating point).
   */
  public static ThresholdPolicy defaults() {
    return new ThresholdPolicy(Mode.DSPOT, 0.01, 0.98, 2000, 500, 50);
  }

  /** The threshold calibrated at training, never moving. */
  public static ThresholdPolicy fixed() {
    return new ThresholdPolicy(Mode.STATIC, Double.NaN, 0.98, 0, 3, 1);
  }

  /**
   * Why a stream judged by {@code bundle}'s thresholds keeps them fixed under this policy, or null
   * when it follows the stream.
   */
  public String whyStatic(Thresholds bundle) {
    if (mode == Mode.STATIC) {
      return "the threshold mode is static";
    }
    double[] calibration = bundle.calibrationScores();
    if (calibration == null) {
      return "the bundle was trained before streaming thresholds and keeps no calibration scores";
    }
    if (calibration.length < MIN_SCORES) {
      return "the bundle keeps " + calibration.length + " calibration scores, fewer than the " + MIN_SCORES
          + " a streaming threshold starts from";
    }
    return null;
  }

  /**
   * Why DSPOT runs as SPOT on {@code bundle}, or null when it does not: a level needs {@code depth}
   * calibration scores besides those the tail is fitted to, and a bundle calibrated on few rows has
   * too few. SPOT on them still follows the stream, where falling back to static would not.
   */
  public String whyNoLevel(Thresholds bundle) {
    if (mode != Mode.DSPOT || whyStatic(bundle) != null || bundle.calibrationScores().length >= depth + MIN_SCORES) {
      return null;
    }
    return "the bundle keeps " + bundle.calibrationScores().length + " calibration scores, fewer than the "
        + (depth + MIN_SCORES) + " DSPOT's depth of " + depth + " needs";
  }

  /** A new stream's threshold, as calibrated on the bundle's held-out scores. */
  public ScoreThreshold start(Thresholds bundle) {
    if (whyStatic(bundle) != null) {
      return ScoreThreshold.fixed(bundle.threshold());
    }
    return StreamingThreshold.start(bundle.calibrationScores(), risk(bundle), initialQuantile, localDepth(bundle),
        maxPeaks, refitEvery);
  }

  /**
   * A stream's threshold from its stored {@link ScoreThreshold#state}; a fresh start for none, or
   * for a state kept under other settings.
   */
  public ScoreThreshold restore(Thresholds bundle, byte[] state) {
    if (state == null || state.length == 0 || whyStatic(bundle) != null) {
      return start(bundle);
    }
    StreamingThreshold restored = StreamingThreshold.restore(state);
    return restored.keptUnder(risk(bundle), localDepth(bundle), maxPeaks, refitEvery) ? restored : start(bundle);
  }

  private double risk(Thresholds bundle) {
    return Double.isNaN(risk) ? bundle.flaggedShare() : risk;
  }

  private int localDepth(Thresholds bundle) {
    return mode == Mode.DSPOT && whyNoLevel(bundle) == null ? depth : 0;
  }
}
