package org.elbostream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DetectionMetricsTest {

  @Test
  void shouldScorePerfectRankingAsOne() {
    DetectionMetrics m = DetectionMetrics.of(new double[] {0.1, 0.9, 0.2, 0.8}, new boolean[] {false, true, false, true}, 0.5);
    assertThat(m.aucPr()).isEqualTo(1.0);
    assertThat(m.aucRoc()).isEqualTo(1.0);
    assertThat(m.bestF1()).isEqualTo(1.0);
    assertThat(m.bestF1Threshold()).isEqualTo(0.8);
    assertThat(m.f1AtThreshold()).isEqualTo(1.0);
  }

  @Test
  void shouldComputeAveragePrecisionAndAucOfAKnownRanking() {
    // Ranking by score: P, N, P, N -> precision at the positives 1 and 2/3: AP = (1 + 2/3) / 2.
    DetectionMetrics m = DetectionMetrics.of(new double[] {4, 3, 2, 1}, new boolean[] {true, false, true, false}, 10);
    assertThat(m.aucPr()).isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
    assertThat(m.aucRoc()).isCloseTo(0.75, within(1e-12));
    assertThat(m.f1AtThreshold()).isZero();
  }

  @Test
  void shouldCountTiedScoresAsHalf() {
    DetectionMetrics m = DetectionMetrics.of(new double[] {1, 1, 1, 1}, new boolean[] {true, false, true, false}, 0);
    assertThat(m.aucRoc()).isEqualTo(0.5);
  }

  @Test
  void shouldShowWhyPointAdjustedF1IsNeverReportedAlone() {
    // One long anomalous segment, random scores: point-wise figures stay near chance, PA-F1 does not.
    SplittableRandom r = new SplittableRandom(1);
    int n = 10_000;
    double[] scores = new double[n];
    boolean[] labels = new boolean[n];
    for (int i = 0; i < n; i++) {
      scores[i] = r.nextDouble();
      labels[i] = i >= 5000 && i < 6000;
    }
    DetectionMetrics m = DetectionMetrics.of(scores, labels, 0.5);
    assertThat(m.aucRoc()).isCloseTo(0.5, within(0.05));
    assertThat(m.aucPr()).isLessThan(0.15);
    assertThat(m.paF1()).isGreaterThan(0.6);
  }
}
