package org.elbostream.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.kind.LatentGaussianKind;
import org.elbostream.model.net.Architecture;
import org.elbostream.trainer.data.Table;
import org.junit.jupiter.api.Test;

class WeightPosteriorTest {
  @Test
  void shouldDrawDistinctWeightSamplesNearThePointEstimateAndScoreWithTheirSpread() throws Exception {
    Table table = SyntheticData.normalTable(3000, 11);
    // eta = 1e-4 / N for N training rows: the sghmc-rate is per row
    TrainingSettings config = TrainingSettings.builder().epochs(15).seed(5)
        .architecture(new Architecture(2, List.of(32), Architecture.defaults().minLogVariance())).build();
    ModelTrainer.TrainedModel point = ModelTrainer.train(table, null, config, FitListener.NONE);
    ModelTrainer.TrainedModel bayes = ModelTrainer.train(table, null, config.toBuilder().set(TrainingSettings.WEIGHT_SAMPLES, 4)
        .set(TrainingSettings.SGHMC_RATE, 1e-4).set(TrainingSettings.SGHMC_BURN_IN, 200)
        .set(TrainingSettings.SGHMC_THINNING, 50).build(),
        FitListener.NONE);

    ModelBundle bundle = bayes.bundle();
    assertThat(bundle.manifest().weightSamples()).isEqualTo(4);
    // The point estimate is kept as it was: the chain started from it and gave it back.
    assertThat(bundle.manifest().architecture()).isEqualTo(point.bundle().manifest().architecture());
    double pointMean = Arrays.stream(point.validationScores()).average().orElseThrow();
    double bayesMean = Arrays.stream(bayes.validationScores()).average().orElseThrow();
    double meanStd = Arrays.stream(bayes.validationScoreStd()).average().orElseThrow();
    assertThat(Arrays.stream(point.validationScoreStd()).allMatch(Double::isNaN)).isTrue();
    assertThat(meanStd).as("the weight samples differ").isGreaterThan(1e-3);
    assertThat(Math.abs(bayesMean - pointMean)).as("the chain stays near the mode").isLessThan(0.5);

    try (NDManager manager = NDManager.newBaseManager()) {
      var networks = LatentGaussianKind.INSTANCE.networks(bundle, manager);
      List<byte[]> seen = new java.util.ArrayList<>();
      for (var sample : LatentGaussianKind.INSTANCE.weightSamples(bundle, networks, manager)) {
        byte[] params = sample.generativeParameters();
        assertThat(seen).noneMatch(p -> Arrays.equals(p, params));
        assertThat(params).isNotEqualTo(networks.generativeParameters());
        seen.add(params);
      }
    }
  }
}
