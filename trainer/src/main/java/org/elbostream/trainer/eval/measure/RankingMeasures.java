package org.elbostream.trainer.eval.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The point-wise measures of a ranking, over every distinct score as threshold (a point flagged when
 * its score reaches it; tied scores move the curves in one step), as scikit-learn computes them:
 * AUC-PR is average precision, the sum over thresholds of precision times the recall gained
 * ({@code average_precision_score}); AUC-ROC the trapezoidal area under the ROC curve
 * ({@code roc_auc_score}); Standard-F1 the best F1 on the precision-recall curve, with TSB-AD's
 * 1e-5 added to the denominator.
 *
 * @param aucPr average precision
 * @param aucRoc area under the ROC curve
 * @param standardF1 best point-wise F1
 * @param standardF1Threshold the score reaching it (flag when score &gt;= threshold)
 */
public record RankingMeasures(double aucPr, double aucRoc, double standardF1, double standardF1Threshold) {

  public static RankingMeasures of(double[] scores, boolean[] labels) {
    int n = scores.length;
    int positives = Runs.count(labels);
    Integer[] order = descending(scores);
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
      while (i < n && scores[order[i]] == t) {
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
      double recall = (double) tp / positives;
      ap += precision * tpGroup / positives;
      double f1 = 2 * precision * recall / (precision + recall + 1e-5);
      if (f1 > bestF1) {
        bestF1 = f1;
        bestThreshold = t;
      }
    }
    auc /= (double) positives * (n - positives);
    return new RankingMeasures(ap, auc, bestF1, bestThreshold);
  }

  /**
   * The precision-recall curve, one point per distinct score (at most {@code maxPoints}, evenly
   * thinned): {@code [0]} recall, {@code [1]} precision.
   */
  public static double[][] precisionRecallCurve(double[] scores, boolean[] labels, int maxPoints) {
    int n = scores.length;
    Integer[] order = descending(scores);
    int positives = Runs.count(labels);
    List<double[]> points = new ArrayList<>();
    int tp = 0;
    for (int k = 0; k < n; k++) {
      tp += labels[order[k]] ? 1 : 0;
      if (k + 1 == n || scores[order[k + 1]] != scores[order[k]]) {
        points.add(new double[] {(double) tp / positives, (double) tp / (k + 1)});
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

  static Integer[] descending(double[] scores) {
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    return order;
  }
}
