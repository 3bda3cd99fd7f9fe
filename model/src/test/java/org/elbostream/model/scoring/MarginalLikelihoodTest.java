package org.elbostream.model.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.List;
import org.elbostream.model.testing.LinearGaussianModel;
import org.junit.jupiter.api.Test;

class MarginalLikelihoodTest {
  private static final double[] X = {0.5, 1.2, -0.3, 0.8};

  @Test
  void shouldBeExactForEveryKWhenTheRecognitionModelIsTheExactPosterior() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MarginalLikelihood likelihood = new MarginalLikelihood(LinearGaussianModel.networks(manager, 0), manager);
      for (int k : new int[] {1, 7, 40_000}) { // 40,000 samples run in three chunks
        assertThat(likelihood.logMarginal(List.of(X), k, 1)[0]).as("K = %d", k)
            .isCloseTo(LinearGaussianModel.logMarginal(X), within(1e-3));
      }
    }
  }

  @Test
  void shouldRiseWithKTowardsTheExactValueUnderAWrongRecognitionModel() {
    double logP = LinearGaussianModel.logMarginal(X);
    try (NDManager manager = NDManager.newBaseManager()) {
      MarginalLikelihood likelihood = new MarginalLikelihood(LinearGaussianModel.networks(manager, 0.6), manager);
      List<double[]> copies = Collections.nCopies(200, X);
      double k1 = mean(likelihood.logMarginal(copies, 1, 3));
      double k10 = mean(likelihood.logMarginal(copies, 10, 3));
      double k5000 = mean(likelihood.logMarginal(copies, 5000, 3));
      assertThat(k1).isLessThan(k10 - 0.02);
      assertThat(k10).isLessThan(k5000);
      assertThat(k5000).isCloseTo(logP, within(0.01));
    }
  }

  @Test
  void shouldRepeatWithTheSameSeedAndMarginaliseMissingFields() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MarginalLikelihood likelihood = new MarginalLikelihood(LinearGaussianModel.networks(manager, 0.6), manager);
      double[] partial = {0.5, Double.NaN, -0.3, 0.8};
      assertThat(likelihood.logMarginal(List.of(X, partial), 50, 9))
          .containsExactly(likelihood.logMarginal(List.of(X, partial), 50, 9));
      // log p(x without x_1) = log p(x) - log p(x_1 | the rest), both known in closed form.
      double[] conditional = LinearGaussianModel.conditional(X, 1);
      double logConditional = -0.5 * (Math.log(2 * Math.PI * conditional[1])
          + Math.pow(X[1] - conditional[0], 2) / conditional[1]);
      double exact = LinearGaussianModel.logMarginal(X) - logConditional;
      double[] estimates = likelihood.logMarginal(Collections.nCopies(20, partial), 20_000, 9);
      assertThat(mean(estimates)).isCloseTo(exact, within(0.01));
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
