package org.elbostream.trainer.eval.measure;

import java.util.ArrayList;
import java.util.List;

/**
 * Event-based F1 as TSB-AD computes it (after Garg et al., "An Evaluation of Anomaly Detection and
 * Diagnosis in Multivariate Time Series", IEEE TNNLS 2021): recall counts labelled events, one
 * detected when any of its points is flagged; precision counts points. A stream of alerts is judged
 * by both: an incident caught once is caught, but every false alarm costs.
 *
 * @param precision point-wise precision (0 when nothing is flagged)
 * @param recall share of labelled events with at least one flagged point
 * @param f1 their harmonic mean, with TSB-AD's 1e-15 in the denominator
 */
public record EventF1(double precision, double recall, double f1) {

  public static EventF1 of(boolean[] labels, boolean[] flags) {
    List<int[]> events = events(labels);
    int detected = 0;
    for (int[] e : events) {
      detected += Runs.any(flags, e[0], e[1]) ? 1 : 0;
    }
    double recall = (double) detected / events.size();
    int flagged = Runs.count(flags);
    double precision = flagged == 0 ? 0 : (double) Runs.overlap(labels, flags) / flagged;
    return new EventF1(precision, recall, 2 * recall * precision / (recall + precision + 1e-15));
  }

  /** The best F1 over {@link OracleThresholds}. */
  public static double best(double[] scores, boolean[] labels) {
    return OracleThresholds.best(scores, flags -> of(labels, flags).f1());
  }

  /**
   * The labelled events. TSB-AD's event list ends a segment that runs to the series' last point one
   * point early (an empty span when that segment is a single point); kept, for equal figures.
   */
  private static List<int[]> events(boolean[] labels) {
    List<int[]> events = new ArrayList<>(Runs.of(labels));
    int last = labels.length - 1;
    if (!events.isEmpty() && events.get(events.size() - 1)[1] == last) {
      events.get(events.size() - 1)[1] = last - 1;
    }
    return events;
  }
}
