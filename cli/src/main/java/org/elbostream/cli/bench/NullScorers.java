package org.elbostream.cli.bench;

import java.util.ArrayList;
import java.util.List;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.imputation.FieldEstimate;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.streams.scoring.RecordScorer;
import org.elbostream.streams.scoring.ScorerFactory;

/**
 * A detector that costs nothing: every record scores 0 and a missing field is filled with its
 * training midpoint. In the benchmark it measures the scoring topology itself (store, outputs,
 * exactly-once), so the model's own share is the difference to the real scorer.
 */
final class NullScorers implements ScorerFactory {
  @Override
  public RecordScorer open(ModelBundle model) {
    List<FieldSpec> features = model.featureSpec().features();
    return new RecordScorer() {
      @Override
      public List<RecordScore> score(List<double[]> rows, long[] seeds) {
        List<RecordScore> out = new ArrayList<>(rows.size());
        for (double[] row : rows) {
          FieldEstimate[] expected = new FieldEstimate[row.length];
          for (int j = 0; j < row.length; j++) {
            FieldSpec f = features.get(j);
            double value = Double.isNaN(row[j]) ? f.offset() + f.scale() / 2 : row[j];
            expected[j] = new FieldEstimate(value, 0, Double.NaN, 0);
          }
          out.add(new RecordScore(0, 0, new double[row.length], new double[0], expected, Double.NaN, null, 0));
        }
        return out;
      }

      @Override
      public void close() {}
    };
  }
}
