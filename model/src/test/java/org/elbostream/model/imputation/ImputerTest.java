package org.elbostream.model.imputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.feature.Likelihood;
import org.elbostream.model.kind.LatentGaussianKind;
import org.elbostream.model.net.VaeNetworks;
import org.elbostream.model.testing.BundleFixtures;
import org.elbostream.model.testing.LinearGaussianModel;
import org.junit.jupiter.api.Test;

class ImputerTest {
  /** x_2 missing; the linear-Gaussian model's exact conditional of it is known in closed form. */
  private static final double[] ROW = {0.5, 1.2, Double.NaN, 0.8};
  private static final int MISSING = 2;

  /** Mean and variance of x_2 over 32 independent chains (or resamplings) of the same record. */
  private static double[] pooled(Imputer imputer) {
    List<double[]> rows = new ArrayList<>();
    long[] seeds = new long[32];
    for (int i = 0; i < seeds.length; i++) {
      rows.add(ROW);
      seeds[i] = 1000 + i;
    }
    double mean = 0;
    double second = 0;
    for (FieldEstimate[] e : imputer.impute(rows, seeds).rows()) {
      FieldEstimate x = e[MISSING];
      mean += x.value() / seeds.length;
      second += (x.spread() * x.spread() + x.value() * x.value()) / seeds.length;
    }
    return new double[] {mean, second - mean * mean};
  }

  @Test
  void shouldRecoverTheExactConditionalWithMetropolisWithinGibbsWherePseudoGibbsDrifts() {
    double[] exact = LinearGaussianModel.conditional(ROW, MISSING);
    try (NDManager manager = NDManager.newBaseManager()) {
      // An imperfect recognition model: its mean and log-variance are off by 0.5.
      VaeNetworks networks = LinearGaussianModel.networks(manager, 0.5);
      ImputationOptions chain = new ImputationOptions(100, 400);
      Imputer mwg = Imputer.of(Imputer.Kind.METROPOLIS_WITHIN_GIBBS, networks, chain, manager);
      double[] exactChain = pooled(mwg);
      double[] pseudoGibbs = pooled(Imputer.of(Imputer.Kind.PSEUDO_GIBBS, networks, chain, manager));
      double[] resampled = pooled(Imputer.of(Imputer.Kind.IMPORTANCE_RESAMPLING, networks,
          new ImputationOptions(0, 2000), manager));

      assertThat(exactChain[0]).isCloseTo(exact[0], within(0.03));
      assertThat(exactChain[1] / exact[1]).isCloseTo(1, within(0.05));
      assertThat(resampled[0]).isCloseTo(exact[0], within(0.03));
      assertThat(resampled[1] / exact[1]).isCloseTo(1, within(0.05));
      // Pseudo-Gibbs follows the wrong q to a wrong stationary distribution.
      double chainError = Math.abs(exactChain[0] - exact[0]);
      double pseudoError = Math.abs(pseudoGibbs[0] - exact[0]);
      assertThat(pseudoError).isGreaterThan(0.2).isGreaterThan(5 * chainError);

      double acceptance = mwg.impute(List.of(ROW), new long[] {7}).acceptanceRate();
      assertThat(acceptance).isBetween(0.05, 0.99);
    }
  }

  @Test
  void shouldCoverTheTrueValueWithTheNinetyPercentIntervalNineTimesInTen() {
    // Records drawn from the model itself: the exact conditional's 90 % interval covers the hidden
    // value 90 % of the time, and so must the sampler's.
    SplittableRandom random = new SplittableRandom(3);
    List<double[]> rows = new ArrayList<>();
    List<Double> truth = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double[] z = {random.nextGaussian(), random.nextGaussian()};
      double[] x = new double[LinearGaussianModel.D];
      for (int d = 0; d < x.length; d++) {
        x[d] = LinearGaussianModel.B[d] + LinearGaussianModel.W[d][0] * z[0] + LinearGaussianModel.W[d][1] * z[1]
            + Math.sqrt(LinearGaussianModel.S2) * random.nextGaussian();
      }
      truth.add(x[MISSING]);
      x[MISSING] = Double.NaN;
      rows.add(x);
    }
    long[] seeds = random.longs(rows.size()).toArray();
    try (NDManager manager = NDManager.newBaseManager()) {
      Imputer mwg = Imputer.of(Imputer.Kind.METROPOLIS_WITHIN_GIBBS, LinearGaussianModel.networks(manager, 0.5),
          new ImputationOptions(50, 300), manager);
      List<FieldEstimate[]> out = mwg.impute(rows, seeds).rows();
      int covered = 0;
      for (int i = 0; i < rows.size(); i++) {
        FieldEstimate e = out.get(i)[MISSING];
        covered += e.lower90() <= truth.get(i) && truth.get(i) <= e.upper90() ? 1 : 0;
      }
      assertThat(covered / (double) rows.size()).isBetween(0.85, 0.95);
    }
  }

  @Test
  void shouldNeverChangeAnObservedFieldAndRepeatWithTheSameSeeds() throws Exception {
    ModelBundle bundle = BundleFixtures.untrained(5);
    List<double[]> rows = BundleFixtures.rows(24, 8);
    var features = bundle.featureSpec().features();
    // Blank a third of every row's fields, of every kind.
    for (int i = 0; i < rows.size(); i++) {
      for (int j = i % 3; j < features.size(); j += 3) {
        rows.get(i)[j] = Double.NaN;
      }
    }
    long[] seeds = new SplittableRandom(1).longs(rows.size()).toArray();
    try (NDManager manager = NDManager.newBaseManager()) {
      VaeNetworks networks = LatentGaussianKind.INSTANCE.networks(bundle, manager);
      for (Imputer.Kind kind : Imputer.Kind.values()) {
        Imputer imputer = Imputer.of(kind, networks, new ImputationOptions(10, 50), manager);
        List<FieldEstimate[]> first = imputer.impute(rows, seeds).rows();
        List<FieldEstimate[]> again = imputer.impute(rows, seeds).rows();
        for (int i = 0; i < rows.size(); i++) {
          assertThat(again.get(i)).as(kind + ": same seed, same imputation").isEqualTo(first.get(i));
          for (int j = 0; j < features.size(); j++) {
            FieldEstimate e = first.get(i)[j];
            double given = rows.get(i)[j];
            if (!Double.isNaN(given)) {
              assertThat(e.value()).as(kind + ": observed field unchanged").isEqualTo(given);
              assertThat(e.spread()).isZero();
            } else if (features.get(j).likelihood() == Likelihood.GAUSSIAN) {
              assertThat(e.value()).isFinite();
              assertThat(e.lower90()).isLessThan(e.upper90());
            } else {
              int symbols = features.get(j).likelihood() == Likelihood.BERNOULLI ? 2
                  : features.get(j).categories().size();
              assertThat(e.value()).isBetween(0.0, symbols - 1.0).isEqualTo(Math.rint(e.value()));
              assertThat(e.probability()).isBetween(1.0 / symbols - 1e-9, 1.0);
            }
          }
        }
        assertThat(Arrays.stream(first.get(0)).allMatch(e -> e.samples() >= 0)).isTrue();
      }
    }
  }

  @Test
  void shouldImputeARecordWithNothingObservedFromTheModelsMarginal() {
    double[] empty = new double[LinearGaussianModel.D];
    Arrays.fill(empty, Double.NaN);
    try (NDManager manager = NDManager.newBaseManager()) {
      VaeNetworks networks = LinearGaussianModel.networks(manager, 0);
      for (Imputer.Kind kind : Imputer.Kind.values()) {
        Imputer imputer = Imputer.of(kind, networks, new ImputationOptions(50, 400), manager);
        List<double[]> rows = new ArrayList<>();
        long[] seeds = new long[16];
        for (int i = 0; i < seeds.length; i++) {
          rows.add(empty);
          seeds[i] = i;
        }
        double mean = 0;
        for (FieldEstimate[] e : imputer.impute(rows, seeds).rows()) {
          assertThat(e).allSatisfy(f -> assertThat(f.value()).isFinite());
          mean += e[0].value() / seeds.length;
        }
        // Nothing to condition on: the marginal's mean, b.
        assertThat(mean).as(kind.name()).isCloseTo(LinearGaussianModel.B[0], within(0.15));
      }
    }
  }
}
