package org.elbostream.trainer.eval;

import java.util.ArrayList;
import java.util.List;
import org.elbostream.model.incident.IncidentRules;
import org.elbostream.model.incident.IncidentTracker;
import org.elbostream.trainer.eval.measure.Runs;

/**
 * What an on-call engineer would have been paged with: the incidents a detector's scores make at
 * its own threshold under the service's {@link IncidentRules}, against the labelled segments. An
 * incident still open at the end of the file ends at its last crossing.
 *
 * @param incidents how many incidents opened
 * @param segments labelled anomaly segments
 * @param detected segments that an incident overlaps
 * @param falseIncidents incidents that overlap no segment
 * @param falsePerThousandNormal false incidents per 1,000 normal records
 * @param medianDelay over the detected segments, records from the segment's start to the first
 *     incident record inside it (0 when an incident was already open); NaN when none is detected
 */
public record IncidentMeasures(int incidents, int segments, int detected, int falseIncidents,
    double falsePerThousandNormal, double medianDelay) {

  /** Segments detected by an incident, of all labelled ones. */
  public double segmentRecall() {
    return segments == 0 ? Double.NaN : (double) detected / segments;
  }

  public static IncidentMeasures of(double[] scores, boolean[] labels, double threshold, IncidentRules rules) {
    if (Double.isNaN(threshold)) {
      return new IncidentMeasures(0, 0, 0, 0, Double.NaN, Double.NaN);
    }
    IncidentTracker tracker = new IncidentTracker(rules);
    List<IncidentTracker.Incident> incidents = new ArrayList<>();
    for (double s : scores) {
      tracker.offer(s, threshold).filter(e -> e.change() == IncidentTracker.Change.RESOLVED)
          .ifPresent(e -> incidents.add(e.incident()));
    }
    tracker.open().ifPresent(incidents::add);
    List<int[]> segments = Runs.of(labels);
    int normal = 0;
    for (boolean l : labels) {
      normal += l ? 0 : 1;
    }
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
    return new IncidentMeasures(incidents.size(), segments.size(), delays.size(), falseIncidents,
        normal == 0 ? Double.NaN : 1000.0 * falseIncidents / normal, median(delays));
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
