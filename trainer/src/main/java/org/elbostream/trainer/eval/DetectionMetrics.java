package org.elbostream.trainer.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Point-wise detection quality of anomaly scores against 0/1 labels (higher score = more
 * anomalous). Point-adjusted F1 is offered only beside the point-wise figures: it credits a whole
 * labelled segment when any one point of it is flagged, which lets even random scores look good.
 *
 * @param aucPr area under the precision-recall curve (average precision)
 * @param aucRoc area under the ROC curve (ties count one half)
 * @param bestF1 best point-wise F1 over all thresholds
 * @param bestF1Threshold the threshold reaching it (flag when score &gt;= threshold)
 * @param f1AtThreshold point-wise F1 flagging score &gt; the given threshold
 * @param paF1 best point-adjusted F1 over all thresholds
 */
public record DetectionMetrics(double aucPr, double aucRoc, double bestF1, double bestF1Threshold,
    double f1AtThreshold, double paF1) {

  public static DetectionMetrics of(double[] scores, boolean[] labels, double threshold) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(scores.length + " scores for " + labels.length + " labels");
    }
    int n = scores.length;
    int positives = 0;
    for (boolean l : labels) {
      positives += l ? 1 : 0;
    }
    if (positives == 0 || positives == n) {
      throw new IllegalArgumentException("labels must contain both normal and anomalous rows");
    }
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());

    double ap = 0;
    double auc = 0;
    double bestF1 = 0;
    double bestThreshold = Double.NaN;
    int tp = 0;
    int fp = 0;
    int i = 0;
    while (i < n) {
      double t = scores[order[i]];
      int tpGroup = 0;
      int fpGroup = 0;
      while (i < n && scores[order[i]] == t) { // tied scores move the curve in one step
        if (labels[order[i]]) {
          tpGroup++;
        } else {
          fpGroup++;
        }
        i++;
      }
      auc += fpGroup * (tp + tpGroup / 2.0);
      tp += tpGroup;
      fp += fpGroup;
      double precision = (double) tp / (tp + fp);
      ap += precision * tpGroup / positives;
      double f1 = 2.0 * tp / (tp + fp + positives);
      if (f1 > bestF1) {
        bestF1 = f1;
        bestThreshold = t;
      }
    }
    auc /= (double) positives * (n - positives);
    return new DetectionMetrics(ap, auc, bestF1, bestThreshold, f1At(scores, labels, threshold),
        pointAdjustedF1(scores, labels, positives));
  }

  /**
   * The precision-recall curve, one point per distinct score (at most {@code maxPoints}, evenly
   * thinned): {@code [0]} recall, {@code [1]} precision.
   */
  public static double[][] precisionRecallCurve(double[] scores, boolean[] labels, int maxPoints) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    int positives = 0;
    for (boolean l : labels) {
      positives += l ? 1 : 0;
    }
    List<double[]> points = new ArrayList<>();
    int tp = 0;
    int seen = 0;
    for (int k = 0; k < n; k++) {
      tp += labels[order[k]] ? 1 : 0;
      seen++;
      if (k + 1 == n || scores[order[k + 1]] != scores[order[k]]) {
        points.add(new double[] {(double) tp / positives, (double) tp / seen});
      }
    }
    int step = Math.max(1, points.size() / maxPoints);
    List<double[]> kept = new ArrayList<>();
    for (int k = 0; k < points.size(); k += step) {
      kept.add(points.get(k));
    }
    kept.add(points.get(points.size() - 1));
    return new double[][] {kept.stream().mapToDouble(p -> p[0]).toArray(),
        kept.stream().mapToDouble(p -> p[1]).toArray()};
  }

  private static double f1At(double[] scores, boolean[] labels, double threshold) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean flagged = scores[i] > threshold;
      if (flagged && labels[i]) {
        tp++;
      } else if (flagged) {
        fp++;
      } else if (labels[i]) {
        fn++;
      }
    }
    return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
  }

  /**
   * Best F1 after point adjustment, over every threshold: a segment counts as fully detected once its
   * highest score reaches the threshold, so each segment is one event at its maximum score.
   */
  private static double pointAdjustedF1(double[] scores, boolean[] labels, int positives) {
    List<double[]> events = new ArrayList<>(); // {score, true positives gained, false positives gained}
    for (int i = 0; i < scores.length; i++) {
      if (!labels[i]) {
        events.add(new double[] {scores[i], 0, 1});
        continue;
      }
      int start = i;
      double max = scores[i];
      while (i + 1 < scores.length && labels[i + 1]) {
        i++;
        max = Math.max(max, scores[i]);
      }
      events.add(new double[] {max, i - start + 1, 0});
    }
    events.sort(Comparator.comparingDouble((double[] e) -> e[0]).reversed());
    double best = 0;
    double tp = 0;
    double fp = 0;
    for (int k = 0; k < events.size(); k++) {
      tp += events.get(k)[1];
      fp += events.get(k)[2];
      if (k + 1 < events.size() && events.get(k + 1)[0] == events.get(k)[0]) {
        continue;
      }
      best = Math.max(best, 2 * tp / (tp + fp + positives));
    }
    return best;
  }
}
