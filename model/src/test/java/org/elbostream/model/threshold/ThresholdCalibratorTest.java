package org.elbostream.model.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThresholdCalibratorTest {

  private static double[] gpdSample(double shape, double scale, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = scale / shape * (Math.pow(1 - r.nextDouble(), -shape) - 1); // inverse CDF
    }
    return y;
  }

  @Test
  void shouldRecoverTheParametersOfAGeneralisedParetoSample() {
    GeneralizedPareto fit = GeneralizedPareto.fit(gpdSample(0.2, 1.5, 20_000, 1));
    assertThat(fit.shape()).isCloseTo(0.2, within(0.04));
    assertThat(fit.scale()).isCloseTo(1.5, within(0.08));
  }

  @Test
  void shouldRecoverALightTail() {
    GeneralizedPareto fit = GeneralizedPareto.fit(gpdSample(-0.2, 1.0, 20_000, 2));
    assertThat(fit.shape()).isCloseTo(-0.2, within(0.04));
  }

  @Test
  void shouldExtrapolateThePeaksOverThresholdQuantileBeyondTheData() {
    SplittableRandom r = new SplittableRandom(3);
    double[] scores = new double[5_000];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = -Math.log(1 - r.nextDouble()); // Exp(1): P(X > x) = e^-x
    }
    Thresholds t = new ThresholdCalibrator(0.01, 1e-4, 0.98, "pot").calibrate(scores);
    assertThat(t.quantile()).isCloseTo(-Math.log(0.01), within(0.35));
    // 1e-4 is half a record in 5000: a plain quantile cannot reach it, POT can.
    assertThat(t.pot()).isCloseTo(-Math.log(1e-4), within(1.2));
    assertThat(t.threshold()).isEqualTo(t.pot());
  }

  @Test
  void shouldRefuseTooFewScores() {
    assertThatThrownBy(() -> ThresholdCalibrator.defaults().calibrate(new double[] {1, 2, 3}))
        .hasMessageContaining("at least 20");
  }
}
