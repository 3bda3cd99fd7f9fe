package org.elbostream.model.incident;

/**
 * When a key's scores make an incident: it opens when {@code k} of its last {@code n} records cross
 * the threshold, stays open while they keep crossing, and resolves after {@code quietRecords}
 * records in a row below it. The same rules run in the service and in {@code eval}, so what
 * {@code eval} reports is what the service would have paged.
 */
public record IncidentRules(int k, int n, int quietRecords) {
  public IncidentRules {
    if (k < 1 || n < k) {
      throw new IllegalArgumentException("an incident opens on k of the last n records, 1 <= k <= n; got k " + k
          + ", n " + n);
    }
    if (quietRecords < 1) {
      throw new IllegalArgumentException("the quiet period is at least 1 record, got " + quietRecords);
    }
  }

  /** One record over the threshold opens an incident; ten quiet ones resolve it. */
  public static IncidentRules defaults() {
    return new IncidentRules(1, 1, 10);
  }
}
