package org.elbostream.model.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.kind.LoadedModel;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.testing.BundleFixtures;
import org.junit.jupiter.api.Test;

class ScreeningTest {
  private static final Screening TWO = new Screening(2, 3);

  @Test
  void shouldScoreEveryRowInFullWhenNoneHasAThresholdToMeet() throws Exception {
    ModelBundle bundle = BundleFixtures.untrained(5);
    List<double[]> rows = BundleFixtures.rows(40, 9);
    try (NDManager manager = NDManager.newBaseManager()) {
      RowScorer scorer = LoadedModel.of(bundle, manager).scorer();
      List<RecordScore> full = scorer.score(rows);
      double[] none = new double[rows.size()];
      Arrays.fill(none, Double.NaN);
      List<RecordScore> screened = scorer.score(rows, null, none, TWO);
      for (int i = 0; i < rows.size(); i++) {
        assertThat(screened.get(i).score()).isCloseTo(full.get(i).score(), within(1e-4));
        assertThat(screened.get(i).samples()).isEqualTo(bundle.manifest().scoring().samples());
      }
    }
  }

  @Test
  void shouldKeepTheFirstDrawsEstimateOfRowsFarBelowTheirThresholdAndRefineTheRestToTheFullCountsScore()
      throws Exception {
    ModelBundle bundle = BundleFixtures.untrained(5, new Architecture(3, List.of(16), Math.log(0.05 * 0.05)), 2);
    List<double[]> rows = BundleFixtures.rows(60, 11);
    try (NDManager manager = NDManager.newBaseManager()) {
      LoadedModel model = LoadedModel.of(bundle, manager);
      ScoringOptions options = bundle.manifest().scoring();
      List<RecordScore> full = model.scorer().score(rows);
      List<RecordScore> firstTwo = model.scorer(new ScoringOptions(2, options.importanceWeighted(),
          options.deterministic())).score(rows);
      // Odd rows meet a threshold far above any score, even rows one far below (they are over it).
      double[] thresholds = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        thresholds[i] = i % 2 == 1 ? 1e9 : -1e9;
      }
      List<RecordScore> screened = model.scorer().score(rows, null, thresholds, TWO);
      for (int i = 0; i < rows.size(); i++) {
        RecordScore expected = i % 2 == 1 ? firstTwo.get(i) : full.get(i);
        assertThat(screened.get(i).score()).as("row %d", i).isCloseTo(expected.score(), within(1e-4));
        assertThat(screened.get(i).scoreStd()).isCloseTo(expected.scoreStd(), within(1e-4));
        assertThat(screened.get(i).fieldNll()).containsExactly(expected.fieldNll(), within(1e-4));
        assertThat(screened.get(i).samples()).isEqualTo(i % 2 == 1 ? 2 : options.samples());
      }
    }
  }

  @Test
  void shouldRefineARowWhoseFirstDrawsDisagreeMoreThanTheMarginAllows() {
    Screening screening = new Screening(2, 3);
    assertThat(screening.refines(10, 1, 12.9)).isTrue();
    assertThat(screening.refines(10, 1, 13.1)).isFalse();
    assertThat(screening.refines(10, 0, Double.NaN)).isTrue();
    assertThat(screening.refines(20, 0, 10)).isTrue();
    assertThat(screening.screens(8)).isTrue();
    assertThat(screening.screens(2)).isFalse();
    assertThat(Screening.OFF.screens(8)).isFalse();
  }

  @Test
  void shouldRejectOneScreeningSampleSinceItHasNoSpread() {
    assertThatThrownBy(() -> new Screening(1, 3)).hasMessageContaining("at least 2");
    assertThatThrownBy(() -> new Screening(2, Double.NaN)).hasMessageContaining("margin");
  }
}
