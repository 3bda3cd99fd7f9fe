package org.elbostream.trainer.eval.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BaselinesTest {
  private static final int D = 6;

  /** Normal rows lie near a 2-dimensional plane of the 6 fields. */
  private static List<double[]> rows(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double a = r.nextGaussian();
      double b = r.nextGaussian();
      out.add(new double[] {a, b, a + b, a - b, 2 * a, 0.5 * b + 0.01 * r.nextGaussian()});
    }
    return out;
  }

  private static BaselineSettings small() {
    return BaselineSettings.of(Map.of(BaselineSettings.KMEANS_WINDOW, 4, BaselineSettings.PCA_COMPONENTS, 2));
  }

  @ParameterizedTest
  @EnumSource(Baseline.class)
  void shouldScoreARowOffTheNormalPlaneAboveTheNormalOnes(Baseline baseline) {
    Detector detector = baseline.fit(rows(2000, 1), small(), done -> {});
    List<double[]> test = rows(300, 2);
    test.set(200, new double[] {6, -6, 6, -6, 6, -6}); // far off the plane every normal row lies near
    double[] scores = detector.score(test, done -> {});
    int above = 0;
    for (int i = 0; i < 150; i++) {
      above += scores[200] > scores[i] ? 1 : 0;
    }
    assertThat(above).as(baseline.key()).isEqualTo(150);
    assertThat(scores[200]).as(baseline.key() + " flags it").isGreaterThan(detector.thresholds().threshold());
  }

  @ParameterizedTest
  @EnumSource(Baseline.class)
  void shouldScoreCausallyAsAStreamWould(Baseline baseline) {
    List<double[]> train = rows(2000, 3);
    List<double[]> test = rows(300, 4);
    double[] before = baseline.fit(train, small(), done -> {}).score(test, done -> {});
    List<double[]> changed = new ArrayList<>(test);
    changed.set(150, new double[] {9, 9, 9, 9, 9, 9});
    double[] after = baseline.fit(train, small(), done -> {}).score(changed, done -> {});
    for (int i = 0; i < 150; i++) {
      assertThat(after[i]).as(baseline.key() + " row " + i + " must not see row 150").isEqualTo(before[i]);
    }
    assertThat(after[150]).isNotEqualTo(before[150]);
  }

  @ParameterizedTest
  @EnumSource(Baseline.class)
  void shouldFillAMissingValueWithItsTrainingMean(Baseline baseline) {
    Detector detector = baseline.fit(rows(2000, 5), small(), done -> {});
    List<double[]> test = rows(50, 6);
    test.get(30)[2] = Double.NaN;
    for (double s : detector.score(test, done -> {})) {
      assertThat(s).isFinite();
    }
  }
}
