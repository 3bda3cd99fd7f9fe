package org.elbostream.streams.topology;

import java.util.List;
import org.elbostream.model.scoring.RecordScore;

/**
 * Scores a batch of feature rows for one stream task. Holds native memory, so it is closed when its
 * task closes or its model is replaced; not thread-safe (like a DJL Predictor).
 */
public interface RecordScorer extends AutoCloseable {
  /** Rows in feature order, raw units, NaN = missing; one result per row, same order. */
  List<RecordScore> score(List<double[]> rows);

  @Override
  void close();
}
