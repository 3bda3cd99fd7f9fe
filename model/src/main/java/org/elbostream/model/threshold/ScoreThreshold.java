package org.elbostream.model.threshold;

/**
 * The threshold one stream of scores is judged by, a model's or a key's: fixed at calibration, or
 * following the stream ({@link StreamingThreshold}). Not thread-safe.
 */
public interface ScoreThreshold {
  /** The score above which the next one is an alarm, in nats. */
  double threshold();

  /** Takes the next score: true if it is an alarm, above {@link #threshold} as it stood. */
  boolean offer(double score);

  /**
   * The lowest score the next one could matter at: above it a score crosses the threshold or, for
   * one that follows the stream, teaches its tail. A scorer that screens gives every score that may
   * reach it the full sample count, so the threshold learns from full-count scores alone. The
   * threshold itself for one that never moves.
   */
  default double screenLevel() {
    return threshold();
  }

  /** The state a store keeps to bring it back; empty for a threshold that never moves. */
  byte[] state();

  /** A threshold that never moves. */
  static ScoreThreshold fixed(double threshold) {
    return new ScoreThreshold() {
      @Override
      public double threshold() {
        return threshold;
      }

      @Override
      public boolean offer(double score) {
        return !(score <= threshold);
      }

      @Override
      public byte[] state() {
        return new byte[0];
      }
    };
  }
}
