package org.elbostream.model.scoring;

/**
 * Scoring in two steps, for records that each meet a threshold: every record is first scored with
 * the first {@code samples} of its z draws, and only the records that estimate cannot place clearly
 * below their threshold are scored again with the model's full count. Most records sit far below the
 * threshold, and more samples would not change their verdict; a record near it, over it, or with no
 * threshold to meet gets the full count and so the very score the full-count path gives it (the
 * screen's draws are the first of its own). For a threshold that follows the stream, the level to
 * clear is where it starts learning from scores (its peaks), not only where it alarms: noisier
 * scores there would fatten the fitted tail and move the threshold itself.
 *
 * <p>"Clearly below" is {@code first estimate + margin × its standard error < threshold}, the
 * standard error being the spread of the per-sample bound over those draws divided by the root of
 * their count: a record whose few draws disagree is refined, one whose draws agree is trusted.
 *
 * @param samples z draws of the first step; 0 turns screening off (every record gets the full count)
 * @param margin standard errors of the first estimate that must separate it from the threshold
 */
public record Screening(int samples, double margin) {
  /** Every record scored with the full count. */
  public static final Screening OFF = new Screening(0, 0);

  /** The service's and the evaluation's default: see docs/evaluation.md for what it was measured to cost. */
  public static Screening defaults() {
    return new Screening(2, 3);
  }

  public Screening {
    if (samples < 0 || samples == 1) {
      throw new IllegalArgumentException("screening takes 0 (off) or at least 2 samples, to measure their spread;"
          + " got " + samples);
    }
    if (!(margin >= 0) || Double.isInfinite(margin)) {
      throw new IllegalArgumentException("the screening margin is a finite number of standard errors >= 0, got "
          + margin);
    }
  }

  /** Whether a scorer of {@code fullSamples} per record screens at all. */
  public boolean screens(int fullSamples) {
    return samples > 0 && samples < fullSamples;
  }

  /** Whether a first estimate must be refined: not clearly below its threshold (NaN: none to meet). */
  public boolean refines(double estimate, double standardError, double threshold) {
    return !(estimate + margin * standardError < threshold);
  }
}
