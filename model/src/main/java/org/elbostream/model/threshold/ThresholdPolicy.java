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

  /** What the service and {@code eval} use unless told otherwise. */
  public static ThresholdPolicy defaults() {
    return new ThresholdPolicy(Mode.DSPOT, Double.NaN, 0.98, 500, 500, 50);
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
    int need = localDepth() + 20;
    if (calibration.length < need) {
      return "the bundle keeps " + calibration.length + " calibration scores, fewer than the " + need + " "
          + mode + " starts from";
    }
    return null;
  }

  /** A new stream's threshold, as calibrated on the bundle's held-out scores. */
  public ScoreThreshold start(Thresholds bundle) {
    if (whyStatic(bundle) != null) {
      return ScoreThreshold.fixed(bundle.threshold());
    }
    double r = Double.isNaN(risk) ? bundle.flaggedShare() : risk;
    return StreamingThreshold.start(bundle.calibrationScores(), r, initialQuantile, localDepth(), maxPeaks,
        refitEvery);
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
    double r = Double.isNaN(risk) ? bundle.flaggedShare() : risk;
    return restored.keptUnder(r, localDepth(), maxPeaks, refitEvery) ? restored : start(bundle);
  }

  private int localDepth() {
    return mode == Mode.DSPOT ? depth : 0;
  }
}
