package org.elbostream.model.discrete;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.feature.Likelihood;
import org.elbostream.model.net.Architecture;
import org.junit.jupiter.api.Test;

class SigmoidBeliefNetTest {
  private static final double[] X = {1, 0, 0, 1, 1};

  @Test
  void shouldEstimateTheExactMarginalLikelihoodFromBelowAndTightenWithK() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(12);
      List<FieldSpec> bits = new java.util.ArrayList<>();
      for (int j = 0; j < 5; j++) {
        bits.add(FieldSpec.feature("x" + j, Likelihood.BERNOULLI, false, List.of()));
      }
      FeatureLayout layout = new FeatureLayout(new FeatureSpec(bits));
      SigmoidBeliefNet net = new SigmoidBeliefNet(Architecture.sigmoidBelief(List.of(3, 2), -9), layout, 4, manager);
      // Exact: log sum over the 3 + 2 latent bits' 32 states of p(x, h).
      float[] h1 = new float[32 * 3];
      float[] h2 = new float[32 * 2];
      for (int s = 0; s < 32; s++) {
        for (int j = 0; j < 3; j++) {
          h1[s * 3 + j] = (s >> j) & 1;
        }
        for (int j = 0; j < 2; j++) {
          h2[s * 2 + j] = (s >> (3 + j)) & 1;
        }
      }
      SigmoidBeliefNet.Batch x = net.batch(manager, java.util.Collections.nCopies(32, X));
      NDArray joint = net.logJoint(new ParameterStore(manager, false), x,
          List.of(manager.create(h1, new Shape(32, 3)), manager.create(h2, new Shape(32, 2))), false);
      double exact = joint.exp().sum().log().getFloat();

      List<double[]> copies = java.util.Collections.nCopies(200, X);
      double k1 = mean(net.logMarginal(copies, 1, 5, manager));
      double k20 = mean(net.logMarginal(copies, 20, 5, manager));
      // q is a random network's: a state it almost never proposes carries weight, so the estimate
      // closes in only with many samples (0.024 below at 20,000; 0.001 at 400,000).
      double many = mean(net.logMarginal(List.of(X), 400_000, 5, manager));
      assertThat(k1).isLessThan(k20);
      assertThat(k20).isLessThan(exact + 1e-3);
      assertThat(many).isCloseTo(exact, within(0.01));
    }
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  @Test
  void shouldWriteTheOperatingModeAsHexWithUnitZeroLowest() {
    float[] layer = {1, 0, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0}; // two rows of 7 units
    assertThat(SigmoidBeliefScorer.hex(List.of(layer), List.of(7), 0)).containsExactly("51");
    assertThat(SigmoidBeliefScorer.hex(List.of(layer), List.of(7), 1)).containsExactly("07");
  }
}
