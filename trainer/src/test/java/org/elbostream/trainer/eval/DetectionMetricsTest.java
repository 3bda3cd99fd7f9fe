package org.elbostream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DetectionMetricsTest {

  @Test
  void shouldScoreAPerfectDetectorAsOneOnEveryMeasure() {
    int n = 400;
    double[] scores = new double[n];
    boolean[] labels = new boolean[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i >= 100 && i < 120 || i >= 300 && i < 310;
      scores[i] = labels[i] ? 5 : 0.01 * (i % 7);
    }
    DetectionMetrics m = DetectionMetrics.of(scores, labels, 1, 0);
    assertThat(m.aucPr()).isEqualTo(1.0);
    assertThat(m.aucRoc()).isEqualTo(1.0);
    assertThat(m.vusPr()).isCloseTo(1.0, within(1e-12)); // no buffer: VUS is the range-PR area itself
    assertThat(m.standardF1()).isCloseTo(1.0, within(1e-5));
    assertThat(m.eventF1()).isCloseTo(1.0, within(1e-12));
    assertThat(m.rangeF1()).isCloseTo(1.0, within(1e-12));
    assertThat(m.affiliationF()).isCloseTo(1.0, within(1e-12));
    assertThat(m.atThreshold().f1()).isCloseTo(1.0, within(1e-12));
    assertThat(m.atThreshold().recall()).isEqualTo(1.0);
  }

  @Test
  void shouldGiveEventRecallAndPointPrecisionAtTheOwnThreshold() {
    // Two events; the threshold catches one point of the first and raises one false alarm.
    boolean[] labels = {false, true, true, false, false, true, true, false, false, false};
    double[] scores = {0, 3, 0, 0, 0, 0, 0, 0, 3, 0};
    DetectionMetrics m = DetectionMetrics.of(scores, labels, 1, 2);
    assertThat(m.atThreshold().recall()).isEqualTo(0.5);
    assertThat(m.atThreshold().precision()).isEqualTo(0.5);
    assertThat(m.atThreshold().f1()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void shouldLeaveTheOperatingPointEmptyWithoutAThreshold() {
    DetectionMetrics m = DetectionMetrics.of(new double[] {0, 1, 0, 0}, new boolean[] {false, true, false, false},
        Double.NaN, 1);
    assertThat(m.atThreshold().f1()).isNaN();
    assertThat(m.json()).containsKeys("vus_pr", "vus_roc", "auc_pr", "auc_roc", "standard_f1", "event_f1", "range_f1",
        "affiliation_f", "pa_f1", "threshold_event_f1", "threshold_precision", "threshold_recall");
  }

  @Test
  void shouldRefuseLabelsOfOneClassAndScoresThatAreNotFinite() {
    assertThatThrownBy(() -> DetectionMetrics.of(new double[] {1, 2}, new boolean[] {false, false}, 0, 1))
        .hasMessageContaining("no row as anomalous");
    assertThatThrownBy(() -> DetectionMetrics.of(new double[] {1, Double.NaN}, new boolean[] {false, true}, 0, 1))
        .hasMessageContaining("finite");
  }

  @Test
  void shouldShowWhyPointAdjustedF1IsNeverReportedAlone() {
    // One long anomalous segment, random scores: the other measures stay near chance, PA-F1 does not.
    SplittableRandom r = new SplittableRandom(1);
    int n = 10_000;
    double[] scores = new double[n];
    boolean[] labels = new boolean[n];
    for (int i = 0; i < n; i++) {
      scores[i] = r.nextDouble();
      labels[i] = i >= 5000 && i < 6000;
    }
    DetectionMetrics m = DetectionMetrics.of(scores, labels, 0.5, 20);
    assertThat(m.aucRoc()).isCloseTo(0.5, within(0.05));
    assertThat(m.aucPr()).isLessThan(0.15);
    assertThat(m.vusPr()).isLessThan(0.15);
    assertThat(m.paF1()).isGreaterThan(0.6);
  }
}
