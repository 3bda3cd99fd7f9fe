package org.elbostream.model.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.net.VaeNetworks;
import org.elbostream.model.noise.RecordNoise;
import org.elbostream.model.testing.LinearGaussianModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VariationalBoundTest {
  private static final double[] X = {0.5, 1.2, -0.3, 0.8};

  @Test
  void shouldEqualTheExactMarginalLikelihoodWhenTheRecognitionModelIsTheExactPosterior() {
    try (NDManager manager = NDManager.newBaseManager()) {
      VaeNetworks exact = LinearGaussianModel.networks(manager, 0);
      // With q the exact posterior every importance weight equals p(x): even one sample is exact.
      LatentGaussianScorer oneSample = new LatentGaussianScorer(exact, new ScoringOptions(1, true, true), manager);
      assertThat(-oneSample.score(List.of(X)).get(0).score()).isCloseTo(LinearGaussianModel.logMarginal(X), within(1e-3));
      // The ELBO with the analytic KL has the same expectation; its Monte Carlo estimate converges to it.
      assertThat(meanBound(exact, manager, 1, false)[0]).isCloseTo(LinearGaussianModel.logMarginal(X), within(0.02));
    }
  }

  @Test
  void shouldBoundTheMarginalLikelihoodFromBelowAndTightenAsImportanceSamplesGrow() {
    double logP = LinearGaussianModel.logMarginal(X);
    try (NDManager manager = NDManager.newBaseManager()) {
      VaeNetworks net = LinearGaussianModel.networks(manager, 0.6);
      double elbo = meanBound(net, manager, 1, false)[0];
      double iw10 = meanBound(net, manager, 10, true)[0];
      double[] iw1000 = meanBound(net, manager, 1000, true);
      assertThat(elbo).isLessThan(logP - 0.05);
      assertThat(iw10).isGreaterThan(elbo).isLessThan(iw1000[0]);
      assertThat(iw1000[0]).isLessThanOrEqualTo(logP + 4 * iw1000[1] + 1e-3);
      assertThat(logP - iw1000[0]).isLessThan(0.1 * (logP - elbo));
    }
  }

  /** Mean and standard error of many independent estimates of the bound for X. */
  private static double[] meanBound(VaeNetworks net, NDManager manager, int k, boolean importanceWeighted) {
    LatentGaussianScorer scorer = new LatentGaussianScorer(net, new ScoringOptions(k, importanceWeighted, false), manager);
    int repeats = k == 1 ? 20_000 : 400;
    double sum = 0;
    double squares = 0;
    for (RecordScore s : scorer.score(Collections.nCopies(repeats, X))) {
      sum -= s.score();
      squares += s.score() * s.score();
    }
    double mean = sum / repeats;
    return new double[] {mean, Math.sqrt((squares / repeats - mean * mean) / repeats)};
  }

  static Stream<Architecture> posteriors() {
    return Stream.of(new Architecture(3, List.of(16), Math.log(0.01)),
        Architecture.deep(List.of(2, 3), List.of(16), Math.log(0.01), Architecture.Posterior.DIAGONAL),
        Architecture.deep(List.of(3), List.of(16), Math.log(0.01), Architecture.Posterior.RANK_ONE),
        Architecture.deep(List.of(2, 3), List.of(16), Math.log(0.01), Architecture.Posterior.RANK_ONE));
  }

  /** Sampling, the density of q and the analytic KL agree, for every posterior family and depth. */
  @ParameterizedTest
  @MethodSource("posteriors")
  void shouldMatchMonteCarloKlWithTheAnalyticKl(Architecture architecture) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(3);
      FeatureLayout layout = new FeatureLayout(FeatureSpec.numericColumns(6));
      VaeNetworks net = VaeNetworks.create(architecture, layout, manager);
      int samples = 50_000;
      float[] eps = new float[samples * architecture.latentDim()];
      RecordNoise.fill(new SplittableRandom(5), eps, 0, eps.length);
      List<double[]> rows = List.<double[]>of(new double[] {0.3, -1.0, 2.0, 0.1, 0.0, 1.5});
      BoundTerms terms = new VariationalBound(net).forward(manager, new ParameterStore(manager, false),
          layout.encode(rows), eps, samples, false);
      // log q(z|x) - log p(z) = -(log w + sum_j nll_j): its mean over z ~ q is the KL.
      float[] logQOverP = terms.logWeight().add(terms.fieldNll().sum(new int[] {2})).neg().toFloatArray();
      double mean = 0;
      for (float v : logQOverP) {
        mean += v / samples;
      }
      double var = 0;
      for (float v : logQOverP) {
        var += (v - mean) * (v - mean) / (samples - 1);
      }
      double analytic = terms.kl().getFloat(0);
      assertThat(analytic).isPositive();
      assertThat(mean).isCloseTo(analytic, within(4 * Math.sqrt(var / samples) + 1e-4));
    }
  }

  @Test
  void shouldScoreOnlyObservedFieldsSoAMissingValueChangesNothing() {
    try (NDManager manager = NDManager.newBaseManager()) {
      LatentGaussianScorer scorer = new LatentGaussianScorer(LinearGaussianModel.networks(manager, 0.3), ScoringOptions.defaults(), manager);
      double[] missing = {0.5, Double.NaN, -0.3, 0.8};
      List<double[]> rows = new ArrayList<>(List.of(missing, X));
      List<RecordScore> scores = scorer.score(rows);
      assertThat(scores.get(0).fieldNll()[1]).isZero();
      assertThat(scores.get(1).fieldNll()[1]).isNotZero();
      double observedShare = scores.get(0).fieldNll()[0] + scores.get(0).fieldNll()[2] + scores.get(0).fieldNll()[3];
      assertThat(scores.get(0).score()).isCloseTo(observedShare + scores.get(0).kl(), within(1e-4));
    }
  }

  @Test
  void shouldGiveTheSameScoreToTheSameRecordInAnyBatch() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(11);
      FeatureLayout layout = new FeatureLayout(FeatureSpec.numericColumns(4));
      LatentGaussianScorer scorer = new LatentGaussianScorer(VaeNetworks.create(Architecture.defaults(), layout, manager),
          ScoringOptions.defaults(), manager);
      double alone = scorer.score(List.of(X)).get(0).score();
      double again = scorer.score(List.of(X)).get(0).score();
      List<double[]> batch = new ArrayList<>();
      SplittableRandom r = new SplittableRandom(1);
      for (int i = 0; i < 255; i++) {
        batch.add(new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()});
      }
      batch.add(100, X);
      double inBatch = scorer.score(batch).get(100).score();
      assertThat(again).isEqualTo(alone);
      assertThat(inBatch).isCloseTo(alone, within(1e-4 * Math.max(1, Math.abs(alone))));
    }
  }
}
