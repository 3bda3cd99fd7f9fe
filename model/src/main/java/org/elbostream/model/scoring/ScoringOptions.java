package org.elbostream.model.scoring;

/**
 * How a record is scored.
 *
 * @param samples z samples per record; the score averages over them (ELBO) or combines them
 *     (importance-weighted bound)
 * @param importanceWeighted score with the K-sample importance-weighted bound (K = samples)
 *     instead of the ELBO: tighter, and closer to -log p(x)
 * @param deterministic draw each record's noise from a seed derived from its values, so the same
 *     record and model always give the same score, whatever batch it arrives in
 */
public record ScoringOptions(int samples, boolean importanceWeighted, boolean deterministic) {

  public static ScoringOptions defaults() {
    return new ScoringOptions(8, false, true);
  }

  public ScoringOptions {
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be at least 1, got " + samples);
    }
  }
}
