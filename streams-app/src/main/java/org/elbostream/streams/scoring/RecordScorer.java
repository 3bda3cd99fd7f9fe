package org.elbostream.streams.scoring;

import java.util.List;
import org.elbostream.model.scoring.RecordScore;

/**
 * Scores a batch of feature rows for one stream task. Holds native memory, so it is closed when its
 * task closes or its model is replaced; not thread-safe (like a DJL Predictor).
 */
public interface RecordScorer extends AutoCloseable {
  /**
   * @param rows in feature order, raw units, NaN = missing
   * @param seeds one per row, from the record's identity (topic, partition, offset): a sampler that
   *     imputes draws from it, so a replayed record is imputed the same
   * @return one result per row, same order
   */
  List<RecordScore> score(List<double[]> rows, long[] seeds);

  /** How many previous records of its key the model reads a record with; 0 when it reads each alone. */
  default int window() {
    return 0;
  }

  /**
   * The same, each row with its past: its key's previous rows as observed, newest first, at most
   * {@link #window()} of them. A model that reads records alone ignores the pasts.
   */
  default List<RecordScore> score(List<double[]> rows, List<List<double[]>> pasts, long[] seeds) {
    return score(rows, seeds);
  }

  /**
   * The same, each row to be judged against {@code thresholds[i]} (NaN: none), with its past or with
   * {@code pasts} null: a scorer that screens ({@code elbostream.scoring.screen.samples}) spends its
   * full sample count only on the rows whose verdict it could change.
   */
  default List<RecordScore> score(List<double[]> rows, List<List<double[]>> pasts, long[] seeds, double[] thresholds) {
    return pasts == null ? score(rows, seeds) : score(rows, pasts, seeds);
  }

  @Override
  void close();
}
