package org.elbostream.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.stream.Stream;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.model.kind.LoadedModel;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.trainer.data.Table;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each model kind the trainer makes, through the bundle archive and back: the bundle's scorer gives
 * the held-out rows the scores the trainer calibrated the thresholds on (the streaming service scores
 * with that same scorer, see ModelKindsTopologyTest).
 */
class ModelKindsRoundTripTest {
  private static final Table TABLE = SyntheticData.normalTable(1500, 17);

  static Stream<Arguments> kinds() {
    double floor = Architecture.defaults().minLogVariance();
    TrainingSettings base = TrainingSettings.builder().epochs(3).seed(4).build();
    int trainRows = TABLE.size() - ModelTrainer.validationRows(TABLE.rows(), base).size();
    return Stream.of(
        Arguments.of("vae", base.toBuilder().architecture(new Architecture(2, List.of(16), floor)).build()),
        Arguments.of("dlgm diagonal", base.toBuilder().weightPrior(1).architecture(
            Architecture.deep(List.of(2, 2), List.of(16), floor, Architecture.Posterior.DIAGONAL)).build()),
        Arguments.of("dlgm rank-one", base.toBuilder().weightPrior(1).architecture(
            Architecture.deep(List.of(2, 2), List.of(16), floor, Architecture.Posterior.RANK_ONE)).build()),
        Arguments.of("sigmoid belief net", base.toBuilder().architecture(
            Architecture.sigmoidBelief(List.of(6, 4), floor)).build()),
        // eta = 1e-7 per step: the rate is per training row
        Arguments.of("bayesian vae", base.toBuilder().architecture(new Architecture(2, List.of(16), floor))
            .set(TrainingSettings.WEIGHT_SAMPLES, 3).set(TrainingSettings.SGHMC_RATE, 1e-7 * trainRows)
            .set(TrainingSettings.SGHMC_BURN_IN, 30).set(TrainingSettings.SGHMC_THINNING, 10).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void shouldScoreTheHeldOutRowsAsTheTrainerDidAfterTheRoundTrip(String kind, TrainingSettings config) throws Exception {
    ModelTrainer.TrainedModel trained = ModelTrainer.train(TABLE, null, config, FitListener.NONE);
    ModelBundle bundle = BundleFormat.fromArchive(BundleFormat.toArchive(trained.bundle()), kind);
    assertThat(bundle.manifest().architecture()).isEqualTo(config.architecture());
    List<double[]> validation = ModelTrainer.validationRows(TABLE.rows(), config);
    try (NDManager manager = NDManager.newBaseManager()) {
      List<RecordScore> scores = LoadedModel.of(bundle, manager).scorer().score(validation);
      for (int i = 0; i < validation.size(); i++) {
        assertThat(scores.get(i).score()).as("%s row %d", kind, i)
            .isCloseTo(trained.validationScores()[i], within(1e-4));
        double std = trained.validationScoreStd()[i];
        if (Double.isNaN(std)) {
          assertThat(scores.get(i).scoreStd()).isNaN();
        } else {
          assertThat(scores.get(i).scoreStd()).isCloseTo(std, within(1e-4));
        }
        assertThat(scores.get(i).mode() != null).isEqualTo(kind.startsWith("sigmoid"));
      }
    }
  }
}
