package org.elbostream.streams.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.imputation.ImputationOptions;
import org.elbostream.model.imputation.Imputer;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.scoring.Screening;
import org.elbostream.model.testing.BundleFixtures;
import org.elbostream.streams.metrics.NativeArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A task's scorer with a sampling imputer holds the model's parameters once: the scorer and the
 * sampler share the networks read from the bundle, so the imputer costs no native memory of its
 * own between batches (with M weight samples, a second copy of the point networks would be one
 * more model per task on top of M).
 */
class ScorerFactoryTest {

  @ParameterizedTest
  @EnumSource(Imputer.Kind.class)
  void shouldHoldTheParametersOnceWhenItAlsoImputes(Imputer.Kind kind) throws Exception {
    ModelBundle bayesian = BundleFixtures.untrained(6, new Architecture(3, List.of(16), Math.log(0.05 * 0.05)), 3);
    int scoringOnly = arraysHeldBy(ScorerFactory.networks(), bayesian);
    int withImputer = arraysHeldBy(ScorerFactory.networks(kind, new ImputationOptions(2, 8), Screening.OFF), bayesian);
    assertThat(scoringOnly).as("the networks and their weight samples").isPositive();
    assertThat(withImputer).isEqualTo(scoringOnly);
  }

  /** Native arrays an open scorer keeps between batches, after it has scored and imputed one. */
  private static int arraysHeldBy(ScorerFactory factory, ModelBundle model) throws Exception {
    int before = NativeArrays.open();
    try (RecordScorer scorer = factory.open(model)) {
      List<double[]> rows = BundleFixtures.rows(6, 9);
      rows.get(0)[1] = Double.NaN;
      rows.get(3)[0] = Double.NaN;
      assertThat(scorer.score(rows, new long[] {1, 2, 3, 4, 5, 6})).hasSize(6);
      return NativeArrays.open() - before;
    }
  }
}
