package org.elbostream.model.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentTrackerTest {

  private static List<IncidentTracker.Event> run(IncidentRules rules, double... scores) {
    IncidentTracker tracker = new IncidentTracker(rules);
    List<IncidentTracker.Event> events = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      tracker.offer(60_000L * i, scores[i], 1.0).filter(e -> e.change() != IncidentTracker.Change.UPDATED)
          .ifPresent(events::add);
    }
    return events;
  }

  @Test
  void shouldOpenOnACrossingStayOpenThroughShortLullsAndResolveAfterTheQuietPeriod() {
    // Crossings at 2, 4 (a lull of 1 < 3 quiet records) and 5; then quiet from 6: resolved at 8.
    List<IncidentTracker.Event> events = run(new IncidentRules(1, 1, 3), 0, 0, 2, 0, 5, 3, 0, 0, 0, 0, 9);
    assertThat(events).extracting(IncidentTracker.Event::change).containsExactly(IncidentTracker.Change.OPENED,
        IncidentTracker.Change.RESOLVED, IncidentTracker.Change.OPENED);
    IncidentTracker.Incident first = events.get(1).incident();
    assertThat(first.start()).isEqualTo(2);
    assertThat(first.end()).as("its last crossing").isEqualTo(5);
    assertThat(first.peakAt()).isEqualTo(4);
    assertThat(first.peak()).isEqualTo(5.0);
    assertThat(first.records()).isEqualTo(3);
    assertThat(events.get(2).incident().start()).isEqualTo(10);
  }

  @Test
  void shouldOpenOnlyWhenKOfTheLastNCross() {
    IncidentRules twoOfThree = new IncidentRules(2, 3, 5);
    assertThat(run(twoOfThree, 2, 0, 0, 2, 0, 0, 2)).as("never two in three").isEmpty();
    List<IncidentTracker.Event> events = run(twoOfThree, 2, 0, 3);
    assertThat(events).hasSize(1);
    IncidentTracker.Incident opened = events.get(0).incident();
    assertThat(opened.start()).as("the first of the crossings that opened it").isEqualTo(0);
    assertThat(opened.startTime()).isEqualTo(0);
    assertThat(opened.end()).isEqualTo(2);
    assertThat(opened.records()).isEqualTo(2);
    assertThat(opened.peak()).isEqualTo(3.0);
    assertThat(opened.peakAt()).isEqualTo(2);
  }

  @Test
  void shouldRefuseRulesThatCannotHold() {
    assertThatThrownBy(() -> new IncidentRules(3, 2, 1)).hasMessageContaining("k of the last n");
    assertThatThrownBy(() -> new IncidentRules(1, 1, 0)).hasMessageContaining("quiet period");
    assertThatThrownBy(() -> new IncidentRules(1, 1, 1, -1)).hasMessageContaining("negative duration");
  }

  @Test
  void shouldResolveAfterTheQuietPeriodInEventTimeWhateverTheRecordCount() {
    IncidentTracker tracker = new IncidentTracker(new IncidentRules(1, 1, 3));
    List<IncidentTracker.Event> events = new ArrayList<>();
    long[] times = {0, 60_000, 120_000, 180_000, 190_000, 200_000, 210_000, 400_000};
    double[] scores = {0, 0, 2, 0, 0, 0, 0, 0};
    for (int i = 0; i < times.length; i++) {
      tracker.offer(times[i], scores[i], 1.0).ifPresent(events::add);
    }
    // Three minutes of quiet after the crossing at 2 minutes: the fast records after it do not
    // count as a quiet period, the record at 400 s does.
    assertThat(events).extracting(IncidentTracker.Event::change).containsExactly(IncidentTracker.Change.OPENED,
        IncidentTracker.Change.RESOLVED);
    assertThat(tracker.quietMillis()).isGreaterThan(0);
  }

  @Test
  void shouldComeBackFromItsStateMidIncident() {
    IncidentRules rules = new IncidentRules(2, 3, 4);
    IncidentTracker whole = new IncidentTracker(rules);
    IncidentTracker halves = new IncidentTracker(rules);
    double[] scores = {0, 2, 0, 3, 5, 0, 2, 0, 0, 0, 0, 0, 2, 2, 0};
    List<IncidentTracker.Event> a = new ArrayList<>();
    List<IncidentTracker.Event> b = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      whole.offer(1000L * i, scores[i], 1.0).ifPresent(a::add);
      halves.offer(1000L * i, scores[i], 1.0).ifPresent(b::add);
      halves = IncidentTracker.restore(rules, halves.state());
    }
    assertThat(b).isEqualTo(a);
    assertThat(a).extracting(IncidentTracker.Event::change).contains(IncidentTracker.Change.UPDATED,
        IncidentTracker.Change.RESOLVED);
  }
}
