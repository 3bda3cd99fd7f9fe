package org.elbostream.streams.topology;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.scoring.Scorer;

/**
 * Makes a task's scorer for a model. The service uses {@link #networks()}; the benchmark swaps in
 * another detector to compare topologies that differ only in the scorer.
 */
@FunctionalInterface
public interface ScorerFactory {
  RecordScorer open(ModelBundle model) throws BundleFormatException;

  /** The bundle's own networks, in a native-memory manager of their own. */
  static ScorerFactory networks() {
    return model -> {
      NDManager manager = NDManager.newBaseManager();
      try {
        Scorer scorer = model.scorer(manager);
        return new RecordScorer() {
          @Override
          public List<RecordScore> score(List<double[]> rows) {
            return scorer.score(rows);
          }

          @Override
          public void close() {
            manager.close();
          }
        };
      } catch (BundleFormatException | RuntimeException e) {
        manager.close();
        throw e;
      }
    };
  }
}
