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

  @Override
  void close();
}
