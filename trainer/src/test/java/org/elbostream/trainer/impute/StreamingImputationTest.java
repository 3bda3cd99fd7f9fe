package org.elbostream.trainer.impute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.trainer.data.Table;
import org.junit.jupiter.api.Test;

/** The streaming baselines of {@code impute-series}, and its outages. */
class StreamingImputationTest {

  /** Three slow random walks: a field's last value says much more than its mean. */
  private static Table walks(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[3];
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < x.length; j++) {
        x[j] += 0.05 * random.nextGaussian();
      }
      rows.add(x.clone());
    }
    return new Table(Path.of("walks.csv"), FeatureSpec.numericColumns(3), rows);
  }

  @Test
  void shouldHideOneFieldForWholeStretchesOfRecords() {
    HiddenCells outages = HiddenCells.outages(1000, 3, 20, 5);
    assertThat(outages.count()).as("one outage of 20 in each stretch of 200").isEqualTo(5 * 20);
    for (int i = 0; i < 1000; i++) {
      int hidden = 0;
      for (int j = 0; j < 3; j++) {
        hidden += outages.hidden(i, j) ? 1 : 0;
        // An outage runs on: a hidden cell's neighbour in the same column is hidden too, unless it
        // is the outage's first or last row.
        if (outages.hidden(i, j) && i > 0 && i < 999) {
          assertThat(outages.hidden(i - 1, j) || outages.hidden(i + 1, j)).isTrue();
        }
      }
      assertThat(hidden).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void shouldFillASlowSeriesBetterByItsLastObservationThanByItsMean() {
    Table test = walks(2000, 3);
    ImputationEvaluation evaluation = new ImputationEvaluation(test, HiddenCells.missingCompletelyAtRandom(2000, 3,
        0.1, 4));
    double carried = evaluation.lastObservation().rmse();
    assertThat(carried).isLessThan(0.2 * evaluation.mean().rmse());
    double forest = evaluation.randomCutForest(walks(2000, 8).rows(), 1).rmse();
    assertThat(forest).isFinite().isLessThan(evaluation.mean().rmse() * 2);
  }
}
