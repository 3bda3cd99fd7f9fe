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
    for (double s : scores) {
      tracker.offer(s, 1.0).ifPresent(events::add);
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
    List<IncidentTracker.Event> events = run(twoOfThree, 2, 0, 2);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).incident().start()).isEqualTo(2);
  }

  @Test
  void shouldRefuseRulesThatCannotHold() {
    assertThatThrownBy(() -> new IncidentRules(3, 2, 1)).hasMessageContaining("k of the last n");
    assertThatThrownBy(() -> new IncidentRules(1, 1, 0)).hasMessageContaining("quiet period");
  }
}
