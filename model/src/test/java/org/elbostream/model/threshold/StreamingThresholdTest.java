package org.elbostream.model.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** SPOT and DSPOT against streams whose tail is known, as Siffer et al. check them. */
class StreamingThresholdTest {
  private static final double RISK = 1e-3;

  private static double[] draw(int n, DoubleSupplier score) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = score.getAsDouble();
    }
    return out;
  }

  private static int alarms(StreamingThreshold spot, int n, DoubleSupplier score) {
    int alarms = 0;
    for (int i = 0; i < n; i++) {
      alarms += spot.offer(score.getAsDouble()) ? 1 : 0;
    }
    return alarms;
  }

  @Test
  void shouldAlarmOnTheRiskShareOfAnExponentialStream() {
    SplittableRandom r = new SplittableRandom(1);
    DoubleSupplier exponential = () -> -Math.log(1 - r.nextDouble());
    StreamingThreshold spot = StreamingThreshold.start(draw(2000, exponential), RISK, 0.98, 0, 1000, 50);
    int alarms = alarms(spot, 100_000, exponential);
    assertThat(alarms / 1e5).isBetween(0.8 * RISK, 1.2 * RISK);
    // The exponential's own quantile at the risk: -log(1e-3) = 6.91.
    assertThat(spot.threshold()).isBetween(6.4, 7.4);
    assertThat(spot.peaks()).isEqualTo(1000);
    // Peaks start at the 98 % quantile, -log(0.02) = 3.91: a screened score must be exact from there.
    assertThat(spot.screenLevel()).isBetween(3.7, 4.1);
    assertThat(ScoreThreshold.fixed(5).screenLevel()).isEqualTo(5);
  }

  @Test
  void shouldAlarmOnTheRiskShareOfAHeavyTailedStream() {
    SplittableRandom r = new SplittableRandom(2);
    DoubleSupplier pareto = () -> Math.pow(1 - r.nextDouble(), -1 / 3.0); // Pareto, tail index 3
    StreamingThreshold spot = StreamingThreshold.start(draw(2000, pareto), RISK, 0.98, 0, 1000, 50);
    int alarms = alarms(spot, 100_000, pareto);
    assertThat(alarms / 1e5).isBetween(0.8 * RISK, 1.2 * RISK);
    assertThat(spot.threshold()).as("1e-3 ^ (-1/3) = 10").isBetween(8.5, 11.5);
  }

  @Test
  void shouldFollowAStepInTheLevelWhereAFixedTailFloods() {
    SplittableRandom r = new SplittableRandom(3);
    double[] level = {0};
    DoubleSupplier stepped = () -> level[0] - Math.log(1 - r.nextDouble());
    StreamingThreshold spot = StreamingThreshold.start(draw(2000, stepped), RISK, 0.98, 0, 1000, 50);
    SplittableRandom r2 = new SplittableRandom(3);
    DoubleSupplier stepped2 = () -> level[0] - Math.log(1 - r2.nextDouble());
    StreamingThreshold dspot = StreamingThreshold.start(draw(2000, stepped2), RISK, 0.98, 20, 1000, 50);
    alarms(spot, 20_000, stepped);
    alarms(dspot, 20_000, stepped2);
    level[0] = 3;
    int dspotBurst = alarms(dspot, 1000, stepped2);
    int dspotAfter = alarms(dspot, 49_000, stepped2);
    int spotBurst = alarms(spot, 1000, stepped);
    int spotAfter = alarms(spot, 49_000, stepped);
    // Measured: SPOT 21 alarms in the first 1,000 scores after the step (Exp(1) + 3 crosses its 6.9
    // with probability e^-3.9, twenty times the risk) and 2.4 times the risk over the next 49,000,
    // while its tail slowly takes the new level in; DSPOT 1, then the risk.
    assertThat(spotBurst).as("SPOT's alarms in the 1,000 scores after the step").isGreaterThanOrEqualTo(10);
    assertThat(dspotBurst).as("DSPOT's alarms in the 1,000 scores after the step").isLessThanOrEqualTo(5);
    assertThat(dspotAfter / 4.9e4).isBetween(0.5 * RISK, 1.5 * RISK);
    assertThat(spotAfter).isGreaterThan(2 * dspotAfter);
    assertThat(dspot.threshold()).isBetween(3 + 5.5, 3 + 8.5);
  }

  @Test
  void shouldFitATailWhoseTopIsKnownOnlyToPassACut() {
    SplittableRandom r = new SplittableRandom(4);
    double[] seen = new double[20_000];
    double[] passed = new double[20_000];
    int s = 0;
    int p = 0;
    for (int i = 0; i < 20_000; i++) {
      double y = -Math.log(1 - r.nextDouble()); // exponential, scale 1
      if (y > 2) {
        passed[p++] = 2;
      } else {
        seen[s++] = y;
      }
    }
    GeneralizedPareto cut = GeneralizedPareto.fit(Arrays.copyOf(seen, s));
    GeneralizedPareto censored = GeneralizedPareto.fit(Arrays.copyOf(seen, s),
        Arrays.copyOf(passed, p));
    assertThat(cut.quantileOfSurvival(0.01)).as("the top cut off: a tail that ends near 2").isLessThan(2.5);
    assertThat(censored.quantileOfSurvival(0.01)).as("-log 0.01 = 4.6").isBetween(4.3, 4.9);
  }

  @Test
  void shouldKeepGoingWhenTheRiskOutgrowsTheTailShare() {
    // Peaks grow rarer than the risk: the threshold sinks to the level plus the initial cut, and an
    // alarm's excess over it is zero up to rounding, never a negative that stops the tail fit.
    SplittableRandom r = new SplittableRandom(0);
    DoubleSupplier exponential = () -> 37.3 - Math.log(1 - r.nextDouble());
    StreamingThreshold dspot = StreamingThreshold.start(draw(3000, exponential), 0.019, 0.98, 50, 200, 5);
    for (int i = 0; i < 20_000; i++) {
      dspot.offer(i % 500 == 0 ? 110 + r.nextDouble() : 37.3 + 0.5 * r.nextDouble());
      assertThat(dspot.threshold()).isFinite();
    }
  }

  @Test
  void shouldRefuseARiskOutsideTheTailAndTooFewScores() {
    assertThatThrownBy(() -> StreamingThreshold.start(new double[100], 0.05, 0.98, 0, 100, 1))
        .hasMessageContaining("risk");
    assertThatThrownBy(() -> StreamingThreshold.start(new double[30], RISK, 0.98, 20, 100, 1))
        .hasMessageContaining("at least 40");
  }

  @Test
  void shouldComeBackFromItsStateExactly() {
    SplittableRandom r = new SplittableRandom(5);
    DoubleSupplier exponential = () -> -Math.log(1 - r.nextDouble());
    StreamingThreshold whole = StreamingThreshold.start(draw(2000, exponential), RISK, 0.98, 20, 300, 7);
    ScoreThreshold restored = StreamingThreshold.restore(whole.state());
    for (int i = 0; i < 20_000; i++) {
      double score = exponential.getAsDouble() + (i % 997 == 0 ? 10 : 0);
      assertThat(restored.offer(score)).isEqualTo(whole.offer(score));
      if (i % 1000 == 0) {
        restored = StreamingThreshold.restore(restored.state());
      }
    }
    assertThat(restored.threshold()).isEqualTo(whole.threshold());
    assertThatThrownBy(() -> StreamingThreshold.restore(new byte[] {0, 0, 0, 9})).hasMessageContaining("layout");
  }

  @Test
  void shouldStartFromTheBundleCalibrationAndKeepOldBundlesFixed() {
    SplittableRandom r = new SplittableRandom(6);
    double[] calibration = draw(3000, () -> -Math.log(1 - r.nextDouble()));
    Thresholds bundle = ThresholdCalibrator.defaults().calibrate(calibration);
    ThresholdPolicy spot = new ThresholdPolicy(ThresholdPolicy.Mode.SPOT, Double.NaN, 0.98, 0, 500, 50);
    // The same peaks, the same fit: SPOT starts where the calibration put the threshold.
    assertThat(spot.start(bundle).threshold()).isCloseTo(bundle.threshold(), org.assertj.core.api.Assertions.within(1e-9));
    Thresholds old = new Thresholds("pot", 0.01, bundle.quantile(), RISK, bundle.potInitial(), bundle.tail(),
        bundle.pot(), 3000, null);
    assertThat(spot.whyStatic(old)).contains("keeps no calibration scores");
    assertThat(spot.start(old).threshold()).isEqualTo(bundle.threshold());
    ThresholdPolicy dspot = new ThresholdPolicy(ThresholdPolicy.Mode.DSPOT, Double.NaN, 0.98, 20, 500, 50);
    byte[] kept = dspot.start(bundle).state();
    assertThat(spot.restore(bundle, kept).state()).as("a state kept under other settings starts afresh")
        .isEqualTo(spot.start(bundle).state());
    ThresholdPolicy deep = new ThresholdPolicy(ThresholdPolicy.Mode.DSPOT, Double.NaN, 0.98, 5000, 500, 50);
    assertThat(deep.whyNoLevel(bundle)).as("3000 scores cannot feed a level of 5000").contains("5020");
    assertThat(deep.start(bundle).state()).as("so DSPOT runs as SPOT, not static").isEqualTo(spot.start(bundle).state());
    assertThat(dspot.whyNoLevel(bundle)).isNull();
  }
}
