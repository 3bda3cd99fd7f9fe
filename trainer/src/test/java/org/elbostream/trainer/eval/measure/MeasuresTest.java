package org.elbostream.trainer.eval.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Each measure on series small enough to work out by hand. */
class MeasuresTest {

  @Test
  void shouldComputeAveragePrecisionAndAucOfAKnownRanking() {
    // Ranking by score: P, N, P, N -> precision at the positives 1 and 2/3: AP = (1 + 2/3) / 2.
    RankingMeasures m = RankingMeasures.of(new double[] {4, 3, 2, 1}, new boolean[] {true, false, true, false});
    assertThat(m.aucPr()).isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
    assertThat(m.aucRoc()).isCloseTo(0.75, within(1e-12));
    assertThat(m.standardF1()).isCloseTo(0.8, within(1e-4)); // threshold 2: P 2/3, R 1
  }

  @Test
  void shouldCountTiedScoresAsHalf() {
    RankingMeasures m = RankingMeasures.of(new double[] {1, 1, 1, 1}, new boolean[] {true, false, true, false});
    assertThat(m.aucRoc()).isEqualTo(0.5);
  }

  @Test
  void shouldCreditAWholeSegmentForOnePointUnderPointAdjustment() {
    boolean[] labels = {false, true, true, true, true, false};
    boolean[] flags = {false, false, true, false, false, false};
    // Adjusted: the four labelled points flagged, none else: F1 1.
    assertThat(PointAdjustedF1.of(labels, flags)).isEqualTo(1.0);
  }

  @Test
  void shouldWeighRangeRecallByExistenceAndOverlap() {
    // One real range of 4 points, half of it covered by one predicted range inside it:
    // recall = 0.2 * 1 + 0.8 * (2/4) = 0.6; precision = the predicted range wholly inside = 1.
    boolean[] labels = {false, true, true, true, true, false};
    boolean[] flags = {false, true, true, false, false, false};
    assertThat(RangeF1.of(labels, flags)).isCloseTo(2 * 0.6 / 1.6, within(1e-12));
  }

  @Test
  void shouldGiveAffiliationPrecisionOneInsideTheEventAndRecallByDistance() {
    // Event [2, 4) in a series of 10: its zone is the whole series. A flag at [2, 3) lies in the
    // event: precision 1. Recall: y in [2, 3) is covered (1); y in [3, 4) is y - 3 from the flag,
    // and a uniform point of [0, 10) is at least d from y with chance 1 - 2d/10 (both sides fit):
    // the mean over [3, 4) of 1 - 2(y - 3)/10 is 0.9; recall (1 + 0.9) / 2 = 0.95.
    boolean[] labels = {false, false, true, true, false, false, false, false, false, false};
    boolean[] flags = {false, false, true, false, false, false, false, false, false, false};
    AffiliationF a = AffiliationF.of(labels, flags);
    assertThat(a.precision()).isCloseTo(1.0, within(1e-12));
    assertThat(a.recall()).isCloseTo(0.95, within(1e-12));
  }

  @Test
  void shouldFindThePeriodOfASeasonalSeriesAndFallBackWithoutOne() {
    double[] sine = new double[5000];
    for (int t = 0; t < sine.length; t++) {
      sine[t] = Math.sin(2 * Math.PI * t / 48.0);
    }
    assertThat(BufferLength.of(sine)).isEqualTo(48);
    assertThat(BufferLength.of(new double[1000])).isEqualTo(BufferLength.DEFAULT); // constant: no autocorrelation
  }
}
