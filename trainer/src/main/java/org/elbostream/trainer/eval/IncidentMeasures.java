package org.elbostream.trainer.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elbostream.model.incident.IncidentRules;
import org.elbostream.model.incident.IncidentTracker;
import org.elbostream.trainer.eval.measure.Runs;

/**
 * What an on-call engineer would have been paged with: the incidents a detector's scores make at
 * the threshold each row was judged by, under the service's {@link IncidentRules}, against the
 * labelled segments. Rows are {@code intervalMillis} apart in event time. An incident still open at
 * the end of the file ends at its last crossing.
 *
 * @param incidents how many incidents opened
 * @param segments labelled anomaly segments
 * @param detected segments that an incident overlaps
 * @param falseIncidents incidents that overlap no segment
 * @param normalDays the days the normal (unlabelled) rows span at the row interval
 * @param medianDelay over the detected segments, records from the segment's start to the first
 *     incident record inside it (0 when an incident was already open); NaN when none is detected
 * @param found the incidents, for plotting
 */
public record IncidentMeasures(int incidents, int segments, int detected, int falseIncidents, double normalDays,
    double medianDelay, List<IncidentTracker.Incident> found) {
  private static final double DAY_MILLIS = 86_400_000.0;

  /** Segments detected by an incident, of all labelled ones. */
  public double segmentRecall() {
    return segments == 0 ? Double.NaN : (double) detected / segments;
  }

  /** False incidents per day of normal data. */
  public double falsePerDay() {
    return normalDays == 0 ? Double.NaN : falseIncidents / normalDays;
  }

  /** "4 incidents; 3 of 5 labelled anomaly segments detected; 1 false incident (0.50 per normal day); median delay 2 records". */
  public String summary() {
    return String.format("%d incident%s; %d of %d labelled anomaly segments detected; %d false incident%s (%.2f per"
        + " normal day); median delay %s records", incidents, incidents == 1 ? "" : "s", detected, segments,
        falseIncidents, falseIncidents == 1 ? "" : "s", falsePerDay(),
        Double.isNaN(medianDelay) ? "-" : String.format("%.0f", medianDelay));
  }

  /** The {@code incidents} object of {@code eval --json}. */
  public Map<String, Object> json() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("incidents", incidents);
    out.put("segments", segments);
    out.put("segments_detected", detected);
    out.put("false_incidents", falseIncidents);
    out.put("normal_days", normalDays);
    out.put("false_per_day", falsePerDay());
    out.put("median_delay", medianDelay);
    return out;
  }

  /**
   * @param thresholds the threshold each row's score was judged by; null when the detector has none
   */
  public static IncidentMeasures of(double[] scores, boolean[] labels, double[] thresholds, IncidentRules rules,
      long intervalMillis) {
    if (thresholds == null) {
      return against(List.of(), labels, intervalMillis);
    }
    IncidentTracker tracker = new IncidentTracker(rules);
    List<IncidentTracker.Incident> incidents = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      tracker.offer(i * intervalMillis, scores[i], thresholds[i])
          .filter(e -> e.change() == IncidentTracker.Change.RESOLVED).ifPresent(e -> incidents.add(e.incident()));
    }
    tracker.open().ifPresent(incidents::add);
    return against(incidents, labels, intervalMillis);
  }

  /**
   * Incidents already made, their {@code start} and {@code end} row numbers, against the labelled
   * segments: as {@code eval} judges its own, or the demo those it read off the incidents topic.
   */
  public static IncidentMeasures against(List<IncidentTracker.Incident> incidents, boolean[] labels,
      long intervalMillis) {
    int normal = 0;
    for (boolean l : labels) {
      normal += l ? 0 : 1;
    }
    double normalDays = normal * (double) intervalMillis / DAY_MILLIS;
    List<int[]> segments = Runs.of(labels);
    int falseIncidents = 0;
    for (IncidentTracker.Incident incident : incidents) {
      boolean matches = segments.stream().anyMatch(s -> incident.start() <= s[1] && incident.end() >= s[0]);
      falseIncidents += matches ? 0 : 1;
    }
    List<Long> delays = new ArrayList<>();
    for (int[] segment : segments) {
      incidents.stream().filter(i -> i.start() <= segment[1] && i.end() >= segment[0]).findFirst()
          .ifPresent(i -> delays.add(Math.max(0, i.start() - segment[0])));
    }
    return new IncidentMeasures(incidents.size(), segments.size(), delays.size(), falseIncidents, normalDays,
        median(delays), List.copyOf(incidents));
  }

  /** The incidents of many series taken together: segments and false incidents pooled, delays by median of all. */
  public static Pooled pool(List<IncidentMeasures> series) {
    int segments = 0;
    int detected = 0;
    int falseIncidents = 0;
    double days = 0;
    for (IncidentMeasures m : series) {
      segments += m.segments();
      detected += m.detected();
      falseIncidents += m.falseIncidents();
      days += m.normalDays();
    }
    return new Pooled(segments, detected, falseIncidents, days);
  }

  /** Incident figures over several series. */
  public record Pooled(int segments, int detected, int falseIncidents, double normalDays) {
    public double segmentRecall() {
      return segments == 0 ? Double.NaN : (double) detected / segments;
    }

    public double falsePerDay() {
      return normalDays == 0 ? Double.NaN : falseIncidents / normalDays;
    }
  }

  private static double median(List<Long> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
