package org.elbostream.model.incident;

import java.util.Optional;

/**
 * One key's incident state machine under {@link IncidentRules}: fed each record's score in order,
 * it says when an incident opens and when it resolves. Records are counted by their position in the
 * key's stream. Not thread-safe: one per key.
 */
public final class IncidentTracker {
  private final IncidentRules rules;
  private final boolean[] lastCrossed;
  private int next;
  private int crossedInWindow;
  private long position = -1;
  private Incident open;
  private int quiet;

  public IncidentTracker(IncidentRules rules) {
    this.rules = rules;
    this.lastCrossed = new boolean[rules.n()];
  }

  /**
   * An incident: the records from {@code start} to {@code end}, both inclusive, and its peak.
   *
   * @param end the last record that crossed the threshold
   * @param records how many of its records crossed
   */
  public record Incident(long start, long end, long peakAt, double peak, int records) {
    Incident crossed(long at, double score) {
      return score > peak ? new Incident(start, at, at, score, records + 1)
          : new Incident(start, at, peakAt, peak, records + 1);
    }
  }

  /** What one record did to the key's incident. */
  public enum Change { OPENED, RESOLVED }

  /** A change, and the incident as it stands after it. */
  public record Event(Change change, Incident incident) {}

  /** Takes the key's next record: the change it makes, if any. */
  public Optional<Event> offer(double score, double threshold) {
    position++;
    boolean crossed = score > threshold;
    crossedInWindow += (crossed ? 1 : 0) - (lastCrossed[next] ? 1 : 0);
    lastCrossed[next] = crossed;
    next = (next + 1) % lastCrossed.length;
    if (open == null) {
      if (crossed && crossedInWindow >= rules.k()) {
        open = new Incident(position, position, position, score, 1);
        quiet = 0;
        return Optional.of(new Event(Change.OPENED, open));
      }
      return Optional.empty();
    }
    if (crossed) {
      open = open.crossed(position, score);
      quiet = 0;
      return Optional.empty();
    }
    if (++quiet >= rules.quietRecords()) {
      Incident resolved = open;
      open = null;
      return Optional.of(new Event(Change.RESOLVED, resolved));
    }
    return Optional.empty();
  }

  /** The incident open now, if any. */
  public Optional<Incident> open() {
    return Optional.ofNullable(open);
  }
}
