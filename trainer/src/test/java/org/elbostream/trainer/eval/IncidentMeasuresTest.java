package org.elbostream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.elbostream.model.incident.IncidentRules;
import org.junit.jupiter.api.Test;

class IncidentMeasuresTest {
  @Test
  void shouldCountWhatAnOnCallEngineerWouldHaveBeenPagedWith() {
    boolean[] labels = new boolean[100];
    for (int i = 20; i < 30; i++) {
      labels[i] = true; // segment 1: found 4 rows in
    }
    for (int i = 60; i < 65; i++) {
      labels[i] = true; // segment 2: missed
    }
    double[] scores = new double[100];
    scores[24] = 5;
    scores[26] = 5; // the same incident as 24
    scores[80] = 5; // a false incident
    scores[99] = 5; // another, still open at the end
    IncidentMeasures m = IncidentMeasures.of(scores, labels, OperatingPoint.fixed(1.0, 100), new IncidentRules(1, 1, 10),
        3_600_000);
    assertThat(m.incidents()).isEqualTo(3);
    assertThat(m.segments()).isEqualTo(2);
    assertThat(m.detected()).isEqualTo(1);
    assertThat(m.segmentRecall()).isEqualTo(0.5);
    assertThat(m.falseIncidents()).isEqualTo(2);
    assertThat(m.normalDays()).as("85 hours").isEqualTo(85 / 24.0);
    assertThat(m.falsePerDay()).isEqualTo(2 / (85 / 24.0));
    assertThat(m.json()).containsEntry("segments_detected", 1).containsEntry("median_delay", 4.0);
    assertThat(m.summary()).contains("1 of 2 labelled anomaly segments detected; 2 false incidents");
    assertThat(m.medianDelay()).isEqualTo(4.0);
  }
}
