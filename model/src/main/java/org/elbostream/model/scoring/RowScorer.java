package org.elbostream.model.scoring;

import java.util.List;

/**
 * Scores batches of feature rows with one model, whatever its kind: one call per batch, native memory
 * released before it returns. Not thread-safe: give each thread its own (like a DJL Predictor).
 */
public interface RowScorer {
  /** Scores rows (feature order, raw units, NaN = missing); results in the same order. */
  List<RecordScore> score(List<double[]> rows);

  /**
   * How many of its key's previous records the model reads with a record ({@link #score(List, List)});
   * 0 when it reads each alone.
   */
  default int window() {
    return 0;
  }

  /**
   * Scores rows, each with its past: its key's previous rows as they were observed (not imputed),
   * newest first, at most {@link #window()} of them, fewer at a series' start. A model that reads
   * each record alone ignores the pasts.
   */
  default List<RecordScore> score(List<double[]> rows, List<List<double[]>> pasts) {
    return score(rows);
  }

  /**
   * Scores rows that are each to be judged against a threshold ({@code thresholds[i]}; NaN for a row
   * with none), screened as {@code screening} says: the full count only where it could change the
   * verdict ({@link Screening}). A scorer that cannot screen scores every row in full.
   */
  default List<RecordScore> score(List<double[]> rows, List<List<double[]>> pasts, double[] thresholds,
      Screening screening) {
    return pasts == null ? score(rows) : score(rows, pasts);
  }
}
