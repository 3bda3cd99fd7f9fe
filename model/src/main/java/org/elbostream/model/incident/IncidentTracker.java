package org.elbostream.model.incident;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One key's incident state machine under {@link IncidentRules}: fed each record's event time and
 * score in order, it says when an incident opens and when it resolves. Records are also counted by
 * their position in the key's stream, which is what {@code eval} matches against labelled rows. Its
 * whole state is a few numbers ({@link #state}), so a changelogged store can keep it. Not
 * thread-safe: one per key.
 */
public final class IncidentTracker {
  /** The weight of the newest gap in the key's typical interval between records. */
  private static final double INTERVAL_WEIGHT = 0.05;
  private static final int STATE_LAYOUT = 2;

  private final IncidentRules rules;
  private final boolean[] lastCrossed;
  /** Event time and score of the last n records, beside {@link #lastCrossed}: an incident opened on k of them starts at the first. */
  private final long[] lastTimes;
  private final double[] lastScores;
  private int next;
  private int crossedInWindow;
  private long position = -1;
  private long lastTime = Long.MIN_VALUE;
  private double typicalInterval = Double.NaN;
  private Incident open;
  private int quiet;

  public IncidentTracker(IncidentRules rules) {
    this.rules = rules;
    this.lastCrossed = new boolean[rules.n()];
    this.lastTimes = new long[rules.n()];
    this.lastScores = new double[rules.n()];
  }

  /**
   * An incident: the records from {@code start} to {@code end}, both inclusive, and its peak.
   *
   * @param start the key's record count at the first crossing
   * @param end the last record that crossed the threshold
   * @param startTime event time of the first crossing
   * @param endTime event time of the last crossing
   * @param records how many of its records crossed
   */
  public record Incident(long start, long end, long startTime, long endTime, long peakAt, long peakTime,
      double peak, int records) {
    Incident crossed(long at, long time, double score) {
      return score > peak ? new Incident(start, at, startTime, time, at, time, score, records + 1)
          : new Incident(start, at, startTime, time, peakAt, peakTime, peak, records + 1);
    }
  }

  /** What changed the key's incident. */
  public enum Change { OPENED, UPDATED, RESOLVED }

  /** A change, and the incident as it stands after it. */
  public record Event(Change change, Incident incident) {}

  /**
   * Takes the key's next record: OPENED or RESOLVED when it opens or resolves an incident, UPDATED
   * when it raises an open incident's peak.
   */
  public Optional<Event> offer(long time, double score, double threshold) {
    position++;
    if (lastTime != Long.MIN_VALUE && time > lastTime) {
      double gap = time - lastTime;
      typicalInterval = Double.isNaN(typicalInterval) ? gap : typicalInterval + INTERVAL_WEIGHT * (gap - typicalInterval);
    }
    lastTime = Math.max(lastTime, time);
    boolean crossed = !(score <= threshold);
    crossedInWindow += (crossed ? 1 : 0) - (lastCrossed[next] ? 1 : 0);
    lastCrossed[next] = crossed;
    lastTimes[next] = time;
    lastScores[next] = score;
    next = (next + 1) % lastCrossed.length;
    if (open == null) {
      if (crossed && crossedInWindow >= rules.k()) {
        open = openedOnWindow();
        quiet = 0;
        return Optional.of(new Event(Change.OPENED, open));
      }
      return Optional.empty();
    }
    if (crossed) {
      boolean higher = score > open.peak();
      open = open.crossed(position, time, score);
      quiet = 0;
      return higher ? Optional.of(new Event(Change.UPDATED, open)) : Optional.empty();
    }
    quiet++;
    if (quietOver(time)) {
      return resolve();
    }
    return Optional.empty();
  }

  /** The incident the window's crossings make: from its first crossing to this record, its peak the highest. */
  private Incident openedOnWindow() {
    int n = lastCrossed.length;
    Incident incident = null;
    for (int j = 0; j < n; j++) {
      int i = (next + j) % n; // oldest first
      if (lastCrossed[i]) {
        long at = position - (n - 1 - j);
        incident = incident == null
            ? new Incident(at, at, lastTimes[i], lastTimes[i], at, lastTimes[i], lastScores[i], 1)
            : incident.crossed(at, lastTimes[i], lastScores[i]);
      }
    }
    return incident;
  }

  /** Resolves the open incident without a record, as when its key falls silent; empty if none is open. */
  public Optional<Event> resolve() {
    if (open == null) {
      return Optional.empty();
    }
    Incident resolved = open;
    open = null;
    quiet = 0;
    return Optional.of(new Event(Change.RESOLVED, resolved));
  }

  /** The incident open now, if any. */
  public Optional<Incident> open() {
    return Optional.ofNullable(open);
  }

  /** The quiet period in event time; NaN while it is counted in records. */
  public double quietMillis() {
    return rules.quietMillis() > 0 ? rules.quietMillis() : rules.quietRecords() * typicalInterval;
  }

  private boolean quietOver(long time) {
    double quietFor = quietMillis();
    if (Double.isNaN(quietFor)) {
      return quiet >= rules.quietRecords();
    }
    // A little slack: ten gaps of a typical interval made of the same gaps must count as ten.
    return time - open.endTime() >= quietFor * (1 - 1e-9);
  }

  /** Everything the tracker is, for a store: {@link #restore} gives it back. */
  public byte[] state() {
    ByteBuffer out = ByteBuffer.allocate(4 * 5 + 8 * 3 + lastCrossed.length * 17 + 1
        + (open == null ? 0 : 7 * 8 + 4));
    out.putInt(STATE_LAYOUT).putInt(lastCrossed.length).putInt(next).putInt(crossedInWindow).putInt(quiet);
    out.putLong(position).putLong(lastTime).putDouble(typicalInterval);
    for (int i = 0; i < lastCrossed.length; i++) {
      out.put((byte) (lastCrossed[i] ? 1 : 0)).putLong(lastTimes[i]).putDouble(lastScores[i]);
    }
    out.put((byte) (open == null ? 0 : 1));
    if (open != null) {
      out.putLong(open.start()).putLong(open.end()).putLong(open.startTime()).putLong(open.endTime())
          .putLong(open.peakAt()).putLong(open.peakTime()).putDouble(open.peak()).putInt(open.records());
    }
    return out.array();
  }

  /**
   * A tracker from its {@link #state}, under {@code rules}; a fresh one when the state was kept under
   * another n.
   *
   * @throws IllegalArgumentException when the bytes are not a state this build wrote
   */
  public static IncidentTracker restore(IncidentRules rules, byte[] state) {
    ByteBuffer in = ByteBuffer.wrap(state);
    if (state.length < 8 || in.getInt() != STATE_LAYOUT) {
      throw new IllegalArgumentException("not an incident tracker's state (layout " + STATE_LAYOUT + ")");
    }
    IncidentTracker t = new IncidentTracker(rules);
    int n = in.getInt();
    int next = in.getInt();
    int crossedInWindow = in.getInt();
    t.quiet = in.getInt();
    t.position = in.getLong();
    t.lastTime = in.getLong();
    t.typicalInterval = in.getDouble();
    boolean[] crossed = new boolean[n];
    long[] times = new long[n];
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      crossed[i] = in.get() == 1;
      times[i] = in.getLong();
      scores[i] = in.getDouble();
    }
    if (n == rules.n()) {
      System.arraycopy(crossed, 0, t.lastCrossed, 0, n);
      System.arraycopy(times, 0, t.lastTimes, 0, n);
      System.arraycopy(scores, 0, t.lastScores, 0, n);
      t.next = next;
      t.crossedInWindow = crossedInWindow;
    }
    if (in.get() == 1) {
      t.open = new Incident(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
          in.getDouble(), in.getInt());
    }
    return t;
  }
}
