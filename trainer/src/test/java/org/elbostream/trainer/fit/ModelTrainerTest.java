package org.elbostream.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.elbostream.model.imputation.ImputationOptions;
import org.elbostream.model.imputation.Imputer;
import org.elbostream.model.kind.LatentGaussianKind;
import org.elbostream.model.net.Architecture;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.eval.Evaluation;
import org.elbostream.trainer.eval.measure.RankingMeasures;
import org.elbostream.trainer.impute.HiddenCells;
import org.elbostream.trainer.impute.ImputationEvaluation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class ModelTrainerTest {
  /** The synthetic rows are independent draws, not a series: read alone. */
  private static final TrainingSettings CONFIG = TrainingSettings.builder().set(TrainingSettings.WINDOW, 0).build();
  private static Table train;
  private static ModelTrainer.TrainedModel model;

  @BeforeAll
  static void train() {
    train = SyntheticData.normalTable(4000, 1);
    model = ModelTrainer.train(train, null, CONFIG, FitListener.NONE);
  }

  @Test
  void shouldRankPlantedAnomaliesFirst() throws Exception {
    boolean[] labels = new boolean[2000];
    List<double[]> test = SyntheticData.testRows(2000, 2, labels);
    double[] scores = Evaluation.score(model.bundle(), SyntheticData.table(test), done -> {});
    RankingMeasures m = RankingMeasures.of(scores, labels);
    assertThat(m.aucRoc()).isGreaterThan(0.95);
    assertThat(m.aucPr()).isGreaterThan(0.7);
  }

  @Test
  void shouldImproveTheValidationElboWhileLearning() {
    List<EpochStats> h = model.history();
    assertThat(h.get(h.size() - 1).validationElbo()).isGreaterThan(h.get(0).validationElbo());
    assertThat(model.bundle().manifest().provenance().validationElbo())
        .isEqualTo(h.stream().mapToDouble(EpochStats::validationElbo).max().orElseThrow());
  }

  @Test
  void shouldCalibrateThresholdsThatFlagFewHeldOutNormalRecords() {
    double threshold = model.bundle().thresholds().quantile();
    long flagged = java.util.Arrays.stream(model.validationScores()).filter(s -> s > threshold).count();
    assertThat(flagged).isLessThanOrEqualTo((long) Math.ceil(0.01 * model.validationScores().length));
    assertThat(model.bundle().thresholds().pot()).isGreaterThan(model.bundle().thresholds().potInitial());
  }

  @Test
  void shouldProduceTheSameBundleHashFromTheSameSeed() {
    TrainingSettings quick = TrainingSettings.builder().epochs(3).build();
    Table small = SyntheticData.normalTable(1500, 3);
    String a = ModelTrainer.train(small, null, quick, FitListener.NONE).bundle().version();
    String b = ModelTrainer.train(small, null, quick, FitListener.NONE).bundle().version();
    String c = ModelTrainer.train(small, null, quick.toBuilder().seed(43).build(), FitListener.NONE).bundle().version();
    assertThat(b).isEqualTo(a);
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void shouldRefuseTooSmallATable() {
    Table tiny = SyntheticData.normalTable(100, 4);
    assertThatThrownBy(() -> ModelTrainer.train(tiny, null, CONFIG, FitListener.NONE))
        .hasMessageContaining("synthetic-normal").hasMessageContaining("too few");
  }

  @Test
  void shouldLearnFromRecordsWithMissingFields() throws Exception {
    Table holes = SyntheticData.normalTable(3000, 5);
    java.util.SplittableRandom r = new java.util.SplittableRandom(6);
    for (double[] row : holes.rows()) {
      row[r.nextInt(SyntheticData.D)] = Double.NaN;
    }
    ModelTrainer.TrainedModel m = ModelTrainer.train(holes, null, CONFIG, FitListener.NONE);
    boolean[] labels = new boolean[2000];
    List<double[]> test = SyntheticData.testRows(2000, 7, labels);
    RankingMeasures metrics = RankingMeasures.of(Evaluation.score(m.bundle(), SyntheticData.table(test), done -> {}), labels);
    assertThat(metrics.aucRoc()).isGreaterThan(0.9);
  }

  @Test
  void shouldTrainOnTheImportanceWeightedBound() throws Exception {
    Table table = SyntheticData.normalTable(3000, 8);
    ModelTrainer.TrainedModel m = ModelTrainer.train(table, null, CONFIG.toBuilder().epochs(30).trainingSamples(4).build(),
        FitListener.NONE);
    List<EpochStats> h = m.history();
    assertThat(h.get(h.size() - 1).validationElbo()).isGreaterThan(h.get(0).validationElbo());
    assertThat(m.bundle().manifest().provenance().trainerConfig()).containsEntry("train-samples", "4");
    // What the bound is for (MIWAE): imputing. Fresh records with a fifth of their cells hidden.
    Table fresh = SyntheticData.normalTable(600, 9);
    ImputationEvaluation evaluation = new ImputationEvaluation(fresh,
        HiddenCells.missingCompletelyAtRandom(fresh.size(), SyntheticData.D, 0.2, 10));
    double rmse = evaluation.model(m.bundle(), Imputer.Kind.IMPORTANCE_RESAMPLING, new ImputationOptions(0, 50), 1,
        done -> {}).rmse();
    assertThat(rmse).isLessThan(0.8 * evaluation.mean().rmse());
  }

  @Test
  void shouldTrainADeepRankOneModelAndShrinkItsGenerativeWeightsUnderTheirPrior() throws Exception {
    Table table = SyntheticData.normalTable(3000, 11);
    TrainingSettings deep = CONFIG.toBuilder().epochs(15).architecture(Architecture.deep(List.of(4, 2),
        List.of(32, 16), Architecture.defaults().minLogVariance(), Architecture.Posterior.RANK_ONE)).build();
    ModelTrainer.TrainedModel free = ModelTrainer.train(table, null, deep, FitListener.NONE);
    ModelTrainer.TrainedModel shrunk = ModelTrainer.train(table, null, deep.toBuilder().weightPrior(2000).build(), FitListener.NONE);
    List<EpochStats> h = free.history();
    assertThat(h.get(h.size() - 1).validationElbo()).isGreaterThan(h.get(0).validationElbo());
    assertThat(free.bundle().manifest().architecture().covariance()).isEqualTo(Architecture.Posterior.RANK_ONE);
    assertThat(shrunk.bundle().manifest().provenance().trainerConfig()).containsEntry("weight-prior", "2000.0");
    assertThat(generativeSquaredNorm(shrunk)).isLessThan(0.7 * generativeSquaredNorm(free));
  }

  private static double generativeSquaredNorm(ModelTrainer.TrainedModel m) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      double sum = 0;
      for (var p : LatentGaussianKind.INSTANCE.networks(m.bundle(), manager).generative().getParameters()) {
        sum += p.getValue().getArray().square().sum().getFloat();
      }
      return sum;
    }
  }
}
