package org.elbostream.trainer.eval.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The affiliation F-score (Huet et al., "Local Evaluation of Time Series Anomaly Detection
 * Algorithms", KDD 2022). Events are half-open intervals, a flagged point t being [t, t+1). The time
 * line is cut into one zone per labelled event (boundaries halfway between neighbouring events, the
 * series' ends outside). In each zone, precision is the mean over flagged time x of the chance that
 * a point drawn uniformly from the zone lies at least as far from the event as x does; recall is the
 * mean over the event's time y of the chance that a uniform point of the zone lies at least as far
 * from y as the nearest flagged time does (0 when the zone holds no flag). Precision averages over
 * the zones holding a flag, recall over every zone; F is their harmonic mean with TSB-AD's 1e-15 in
 * the denominator. Both integrands are piecewise linear in time, so each is integrated exactly by
 * the trapezoid rule between its breakpoints.
 *
 * @param precision affiliation precision, NaN when nothing is flagged
 * @param recall affiliation recall
 * @param f their harmonic mean
 */
public record AffiliationF(double precision, double recall, double f) {

  public static AffiliationF of(boolean[] labels, boolean[] flags) {
    List<double[]> events = halfOpen(Runs.of(labels));
    List<double[]> predicted = halfOpen(Runs.of(flags));
    double precisionSum = 0;
    int precisionZones = 0;
    double recallSum = 0;
    for (int k = 0; k < events.size(); k++) {
      double[] event = events.get(k);
      double zoneStart = k == 0 ? 0 : (events.get(k - 1)[1] + event[0]) / 2;
      double zoneEnd = k == events.size() - 1 ? labels.length : (event[1] + events.get(k + 1)[0]) / 2;
      Zone zone = new Zone(zoneStart, zoneEnd, event[0], event[1]);
      List<double[]> inZone = new ArrayList<>();
      int first = Runs.firstWhere(predicted.size(), i -> predicted.get(i)[1] > zoneStart);
      for (int i = first; i < predicted.size() && predicted.get(i)[0] < zoneEnd; i++) {
        double a = Math.max(predicted.get(i)[0], zoneStart);
        double b = Math.min(predicted.get(i)[1], zoneEnd);
        if (a < b) {
          inZone.add(new double[] {a, b});
        }
      }
      if (!inZone.isEmpty()) {
        precisionSum += zone.precision(inZone);
        precisionZones++;
        recallSum += zone.recall(inZone);
      }
    }
    double precision = precisionZones == 0 ? Double.NaN : precisionSum / precisionZones;
    double recall = recallSum / events.size();
    return new AffiliationF(precision, recall, 2 * precision * recall / (precision + recall + 1e-15));
  }

  /** The best F over {@link OracleThresholds}. */
  public static double best(double[] scores, boolean[] labels) {
    return OracleThresholds.best(scores, flags -> of(labels, flags).f());
  }

  private static List<double[]> halfOpen(List<int[]> runs) {
    List<double[]> out = new ArrayList<>();
    runs.forEach(r -> out.add(new double[] {r[0], r[1] + 1.0}));
    return out;
  }

  /** One labelled event [j0, j1) and its zone [e0, e1). */
  private record Zone(double e0, double e1, double j0, double j1) {

    /** The chance a uniform point of the zone is at least {@code d > 0} from the event. */
    double fartherFromEvent(double d) {
      return 1 - (j1 - j0 + Math.min(d, j0 - e0) + Math.min(d, e1 - j1)) / (e1 - e0);
    }

    /** The chance a uniform point of the zone is at least {@code d} from {@code y}. */
    double fartherFrom(double y, double d) {
      return 1 - (Math.min(d, y - e0) + Math.min(d, e1 - y)) / (e1 - e0);
    }

    double precision(List<double[]> flagged) {
      double integral = 0;
      double length = 0;
      for (double[] p : flagged) {
        TreeSet<Double> knots = new TreeSet<>(List.of(p[0], p[1], j0, j1, j0 - (e1 - j1), j1 + (j0 - e0)));
        integral += trapezoids(knots, p[0], p[1], (x, inside) -> inside ? 1 : fartherFromEvent(
            Math.max(0, Math.max(j0 - x, x - j1))));
        length += p[1] - p[0];
      }
      return integral / length;
    }

    double recall(List<double[]> flagged) {
      TreeSet<Double> knots = new TreeSet<>(List.of(j0, j1));
      for (int i = 0; i < flagged.size(); i++) {
        double[] p = flagged.get(i);
        knots.add(p[0]);
        knots.add(p[1]);
        knots.add((p[0] + e0) / 2); // where the distance to p's start meets the distance to e0
        knots.add((p[1] + e1) / 2);
        if (i + 1 < flagged.size()) {
          knots.add((p[1] + flagged.get(i + 1)[0]) / 2); // where the nearest flag changes
        }
      }
      double integral = trapezoids(knots, j0, j1, (y, inside) -> fartherFrom(y, distance(y, flagged)));
      return integral / (j1 - j0);
    }

    /** Distance from y to the nearest of the sorted, disjoint flagged intervals. */
    private static double distance(double y, List<double[]> flagged) {
      // the first interval ending at or after y, else the last; the nearest is it or the one before
      int at = Math.min(Runs.firstWhere(flagged.size(), i -> flagged.get(i)[1] >= y), flagged.size() - 1);
      double d = gap(y, flagged.get(at));
      return at > 0 ? Math.min(d, gap(y, flagged.get(at - 1))) : d;
    }

    private static double gap(double y, double[] p) {
      return Math.max(0, Math.max(p[0] - y, y - p[1]));
    }

    /**
     * The integral over [a, b] of a function linear between the knots; {@code inside} tells the
     * function whether the piece lies within the event, where the precision integrand jumps.
     */
    private double trapezoids(TreeSet<Double> knots, double a, double b, Piecewise f) {
      double sum = 0;
      Double left = a;
      for (Double right : knots.subSet(a, false, b, true)) {
        boolean inside = (left + right) / 2 >= j0 && (left + right) / 2 <= j1;
        sum += (right - left) * (f.at(left, inside) + f.at(right, inside)) / 2;
        left = right;
      }
      return sum;
    }
  }

  @FunctionalInterface
  private interface Piecewise {
    double at(double t, boolean insideEvent);
  }
}
