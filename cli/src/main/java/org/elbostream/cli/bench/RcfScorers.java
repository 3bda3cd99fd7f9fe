package org.elbostream.cli.bench;

import java.util.ArrayList;
import java.util.List;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.imputation.FieldEstimate;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.threshold.ThresholdCalibrator;
import org.elbostream.streams.scoring.RecordScorer;
import org.elbostream.streams.scoring.ScorerFactory;
import org.elbostream.trainer.eval.baseline.RandomCutForestDetector;

/**
 * Random Cut Forest in the scoring topology's place of the networks, for the benchmark: the same
 * topology, store, batching and outputs, only the detector differs. One forest per process, shared
 * by its tasks (it learns from every record, as RCF does on a stream), trained like the evaluation's
 * RCF peer. Its score is shifted so that the serving model's threshold flags what RCF's own
 * calibrated threshold flags, and a missing value is filled with its training mean; it reports no
 * per-field contributions, which spares it work the networks do.
 */
final class RcfScorers implements ScorerFactory {
  private final RandomCutForestDetector forest;

  RcfScorers(List<double[]> trainRows, long seed, double calibrationFraction) {
    this.forest = RandomCutForestDetector.train(trainRows, seed, calibrationFraction, ThresholdCalibrator.defaults(), i -> {});
  }

  @Override
  public RecordScorer open(ModelBundle model) {
    double shift = model.thresholds().threshold() - forest.thresholds().threshold();
    return new RecordScorer() {
      @Override
      public List<RecordScore> score(List<double[]> rows, long[] seeds) {
        List<RecordScore> out = new ArrayList<>(rows.size());
        synchronized (forest) {
          for (double[] row : rows) {
            FieldEstimate[] expected = new FieldEstimate[row.length];
            for (int j = 0; j < row.length; j++) {
              double value = Double.isNaN(row[j]) ? forest.fill(j) : row[j];
              expected[j] = new FieldEstimate(value, 0, Double.NaN, 0);
            }
            out.add(new RecordScore(forest.scoreAndUpdate(row) + shift, 0, new double[row.length], new double[0],
                expected, Double.NaN, null, 0));
          }
        }
        return out;
      }

      @Override
      public void close() {}
    };
  }
}
