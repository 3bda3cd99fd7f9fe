package org.elbostream.model.net;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.latent.PosteriorParameters;
import org.junit.jupiter.api.Test;

class VaeNetworksTest {
  private final FeatureLayout layout = new FeatureLayout(FeatureSpec.numericColumns(5));

  @Test
  void shouldInitialiseIdenticallyFromTheSameSeed() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(7);
      VaeNetworks a = VaeNetworks.create(Architecture.defaults(), layout, manager);
      Engine.getInstance().setRandomSeed(7);
      VaeNetworks b = VaeNetworks.create(Architecture.defaults(), layout, manager);
      assertThat(Arrays.equals(a.recognitionParameters(), b.recognitionParameters())).isTrue();
      assertThat(Arrays.equals(a.generativeParameters(), b.generativeParameters())).isTrue();
    }
  }

  @Test
  void shouldStartTheRankOnePosteriorNearlyDiagonalButNotExactly() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(3);
      Architecture rankOne = Architecture.deep(List.of(4, 4), List.of(64, 32), Math.log(0.01), Architecture.Posterior.RANK_ONE);
      VaeNetworks networks = VaeNetworks.create(rankOne, layout, manager);
      NDArray x = manager.randomNormal(new Shape(200, layout.recognitionInputWidth()));
      PosteriorParameters q = PosteriorParameters.of(
          networks.recognition().forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow(), rankOne);
      // u'D^-1 u per row: tiny (q starts as the diagonal posterior) but not zero (u could never move).
      float[] tilt = q.u().square().mul(q.logScale().neg().exp()).sum(new int[] {1}).toFloatArray();
      double mean = 0;
      for (float t : tilt) {
        mean += t / tilt.length;
      }
      assertThat(mean).isBetween(1e-6, 0.05);
      float[] means = q.mean().abs().mean().toFloatArray();
      assertThat(means[0]).as("the mean's weights keep Xavier's scale").isGreaterThan(0.05f);
    }
  }

  /** One variance per field: the log-variance heads are the same for every z (given the past); the means are not. */
  @Test
  void shouldGiveEveryZTheSameVariancesWithOneVariancePerField() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(5);
      Architecture field = new Architecture(3, List.of(16), Math.log(0.01)).withVariance(Architecture.Variance.FIELD);
      for (Architecture a : List.of(field, field.withPast(new Architecture.Past(2, null)))) {
        VaeNetworks networks = VaeNetworks.create(a, layout, manager);
        int past = networks.pastWidth();
        NDArray sameContext = manager.randomNormal(new Shape(1, past)).repeat(0, 4);
        NDArray z = manager.randomNormal(new Shape(4, 3));
        NDArray input = past == 0 ? z : z.concat(sameContext, 1);
        float[] out = networks.generative().forward(new ParameterStore(manager, false), new NDList(input), false)
            .singletonOrThrow().toFloatArray();
        int width = layout.headWidth(); // 5 means, then 5 log-variances
        for (int row = 1; row < 4; row++) {
          for (int k = 0; k < 5; k++) {
            assertThat(out[row * width + 5 + k]).as("%s log-variance %d", a.describe(), k).isEqualTo(out[5 + k]);
          }
          assertThat(out[row * width]).as("a mean follows z").isNotEqualTo(out[0]);
        }
      }
    }
  }
}
