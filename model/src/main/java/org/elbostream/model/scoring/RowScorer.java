package org.elbostream.model.scoring;

import java.util.List;

/**
 * Scores batches of feature rows with one model, whatever its kind: one call per batch, native memory
 * released before it returns. Not thread-safe: give each thread its own (like a DJL Predictor).
 */
public interface RowScorer {
  /** Scores rows (feature order, raw units, NaN = missing); results in the same order. */
  List<RecordScore> score(List<double[]> rows);
}
