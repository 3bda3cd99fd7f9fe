package org.elbostream.model.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StochasticGradientHmcTest {
  /** A correlated 2-D Gaussian posterior N(MU, SIGMA). */
  private static final double[] MU = {1.0, -2.0};
  private static final double[][] SIGMA = {{1.0, 0.6}, {0.6, 0.5}};
  private static final double[][] PRECISION = inverse(SIGMA);

  @Test
  void shouldRecoverTheMeanAndCovarianceOfAGaussianPosteriorFromNoisyGradients() {
    SghmcOptions options = new SghmcOptions(0.01, 0.1, 0, 0, 1, 2_000, 5, 40_000);
    SplittableRandom batchNoise = new SplittableRandom(8);
    try (NDManager manager = NDManager.newBaseManager()) {
      // Started far from the posterior: the burn-in must forget it.
      NDArray theta = manager.create(new float[] {-4f, 3f}, new Shape(2));
      List<List<NDArray>> samples = new StochasticGradientHmc(options, 21).sample(List.of(theta), step -> {
        float[] t = theta.toFloatArray();
        float[] g = new float[2];
        for (int i = 0; i < 2; i++) {
          // The exact gradient of U = (theta - mu)' P (theta - mu) / 2, plus a mini-batch's noise.
          g[i] = (float) (PRECISION[i][0] * (t[0] - MU[0]) + PRECISION[i][1] * (t[1] - MU[1])
              + 0.5 * batchNoise.nextGaussian());
        }
        return List.of(manager.create(g, new Shape(2)));
      }, manager, (done, total) -> { });
      assertThat(samples).hasSize(40_000);
      double[] mean = new double[2];
      double[][] cov = new double[2][2];
      for (List<NDArray> s : samples) {
        float[] x = s.get(0).toFloatArray();
        for (int i = 0; i < 2; i++) {
          mean[i] += x[i] / samples.size();
        }
      }
      for (List<NDArray> s : samples) {
        float[] x = s.get(0).toFloatArray();
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 2; j++) {
            cov[i][j] += (x[i] - mean[i]) * (x[j] - mean[j]) / samples.size();
          }
        }
      }
      assertThat(mean[0]).isCloseTo(MU[0], within(0.1));
      assertThat(mean[1]).isCloseTo(MU[1], within(0.07));
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          assertThat(cov[i][j] / SIGMA[i][j]).as("covariance %d,%d", i, j).isCloseTo(1, within(0.12));
        }
      }
    }
  }

  @Test
  void shouldDecayTheLearningRateAndRefuseImpossibleSettings() {
    SghmcOptions options = new SghmcOptions(0.1, 0.2, 0, 0.5, 100, 10, 2, 3);
    assertThat(options.learningRate(0)).isEqualTo(0.1);
    assertThat(options.learningRate(300)).isCloseTo(0.05, within(1e-12));
    assertThat(options.totalSteps()).isEqualTo(16);
    assertThatThrownBy(() -> new SghmcOptions(0.1, 0.2, 0.2, 0, 1, 0, 1, 1)).hasMessageContaining("gradientNoise");
    assertThatThrownBy(() -> new SghmcOptions(0.1, 1.5, 0, 0, 1, 0, 1, 1)).hasMessageContaining("friction");
  }

  private static double[][] inverse(double[][] m) {
    double det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
    return new double[][] {{m[1][1] / det, -m[0][1] / det}, {-m[1][0] / det, m[0][0] / det}};
  }
}
