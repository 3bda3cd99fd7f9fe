package org.elbostream.model.discrete;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigmoidBeliefNetTest {
  private static final double[] X = {1, 0, 0, 1, 1};

  @Test
  void shouldEstimateTheExactMarginalLikelihoodFromBelowAndTightenWithK() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(12);
      SigmoidBeliefNet net = new SigmoidBeliefNet(List.of(3, 2), 5, 4, manager);
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
      float[] x = new float[32 * 5];
      for (int s = 0; s < 32; s++) {
        for (int j = 0; j < 5; j++) {
          x[s * 5 + j] = (float) X[j];
        }
      }
      NDArray joint = net.logJoint(new ParameterStore(manager, false), manager.create(x, new Shape(32, 5)),
          List.of(manager.create(h1, new Shape(32, 3)), manager.create(h2, new Shape(32, 2))), false);
      double exact = joint.exp().sum().log().getFloat();

      List<double[]> copies = java.util.Collections.nCopies(200, X);
      double k1 = mean(net.logMarginal(copies, 1, 5, manager));
      double k20 = mean(net.logMarginal(copies, 20, 5, manager));
      double k5000 = mean(net.logMarginal(List.of(X), 5000, 5, manager));
      assertThat(k1).isLessThan(k20);
      assertThat(k20).isLessThan(exact + 1e-3);
      assertThat(k5000).isCloseTo(exact, within(0.02));
    }
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
