package org.elbostream.model.incident;

/**
 * When a key's scores make an incident: it opens when {@code k} of its last {@code n} records cross
 * the threshold, stays open while they keep crossing, and resolves after a quiet period in event
 * time: {@code quietMillis}, or when that is 0, {@code quietRecords} of the key's typical interval
 * between records (counted in records until the key has shown one). The same rules run in the
 * service and in {@code eval}, so what {@code eval} reports is what the service would have paged.
 */
public record IncidentRules(int k, int n, int quietRecords, long quietMillis) {
  public IncidentRules {
    if (k < 1 || n < k) {
      throw new IllegalArgumentException("an incident opens on k of the last n records, 1 <= k <= n; got k " + k
          + ", n " + n);
    }
    if (quietRecords < 1 || quietMillis < 0) {
      throw new IllegalArgumentException("the quiet period is at least 1 record and not a negative duration, got "
          + quietRecords + " records and " + quietMillis + " ms");
    }
  }

  /** Quiet for {@code quietRecords} of the key's typical interval. */
  public IncidentRules(int k, int n, int quietRecords) {
    this(k, n, quietRecords, 0);
  }

  /**
   * Two records over the threshold in a row open an incident; twenty records' worth of quiet
   * resolves it, so an anomaly that dips under the threshold for a few records stays one incident.
   */
  public static IncidentRules defaults() {
    return new IncidentRules(2, 2, 20);
  }

  /** "open on 1 of the last 1 records over the threshold, resolve after 10 records' worth of quiet". */
  public String describe() {
    return "open on " + k + " of the last " + n + " records over the threshold, resolve after "
        + (quietMillis > 0 ? quietMillis + " ms" : quietRecords + " records' worth") + " of quiet";
  }
}
