package org.elbostream.trainer.eval.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * VUS-PR and VUS-ROC (Paparrizos et al., "Volume Under the Surface: A New Accuracy Evaluation
 * Measure for Time-Series Anomaly Detection", VLDB 2022), as TSB-AD's {@code RangeAUC_volume_opt}
 * computes them. Each labelled segment is widened by a buffer on both sides whose label falls from
 * 1 to 0 as {@code sqrt(1 - distance / w)}; range-aware precision and recall (recall also weighed by
 * the share of segments touched) give a PR and a ROC curve over {@value #THRESHOLDS} thresholds taken
 * from the sorted scores; the areas are averaged over every buffer width w from 0 to the buffer length.
 * So a detection a little early or late earns partial credit, and no single width decides.
 *
 * @param vusPr volume under the range-PR surface
 * @param vusRoc volume under the range-ROC surface
 */
public record VolumeUnderSurface(double vusPr, double vusRoc) {
  /** Thresholds per curve, TSB-AD's default. */
  public static final int THRESHOLDS = 250;

  /**
   * @param bufferLength the largest buffer width (TSB-AD's sliding window; see {@link BufferLength})
   */
  public static VolumeUnderSurface of(double[] scores, boolean[] labels, int bufferLength) {
    int n = scores.length;
    double[] thresholds = thresholds(scores);
    int[] firstFlagged = firstFlagged(scores, thresholds);
    int[] flaggedCount = new int[THRESHOLDS];
    for (int t = 0; t < n; t++) {
      flaggedCount[firstFlagged[t]]++;
    }
    prefixSum(flaggedCount);

    List<int[]> segments = Runs.of(labels);
    int positives = Runs.count(labels);
    double[] truePositives = new double[THRESHOLDS];
    for (int t = 0; t < n; t++) {
      if (labels[t]) {
        truePositives[firstFlagged[t]]++;
      }
    }
    prefixSum(truePositives);

    double prSum = 0;
    double rocSum = 0;
    double[] buffer = new double[n];
    for (int w = 0; w <= bufferLength; w++) {
      List<Integer> widened = widen(segments, labels, w, buffer);
      double[] bufferCredit = new double[THRESHOLDS];
      for (int t : widened) {
        bufferCredit[firstFlagged[t]] += buffer[t];
        buffer[t] = 0;
      }
      prefixSum(bufferCredit);
      List<int[]> zones = zones(segments, w, n);
      double[] touched = new double[THRESHOLDS];
      for (int[] z : zones) {
        int first = THRESHOLDS;
        for (int t = z[0]; t <= z[1]; t++) {
          first = Math.min(first, firstFlagged[t]);
        }
        if (first < THRESHOLDS) {
          touched[first]++;
        }
      }
      prefixSum(touched);

      double[] tpr = new double[THRESHOLDS + 2];
      double[] fpr = new double[THRESHOLDS + 2];
      double[] precision = new double[THRESHOLDS + 1];
      precision[0] = 1;
      for (int k = 0; k < THRESHOLDS; k++) {
        double tp = truePositives[k] + bufferCredit[k];
        double labelled = (positives + positives + bufferCredit[k]) / 2;
        double recall = Math.min(tp / labelled, 1);
        tpr[k + 1] = recall * touched[k] / zones.size();
        fpr[k + 1] = (flaggedCount[k] - tp) / (n - labelled);
        precision[k + 1] = tp / flaggedCount[k];
      }
      tpr[THRESHOLDS + 1] = 1;
      fpr[THRESHOLDS + 1] = 1;
      for (int k = 0; k <= THRESHOLDS; k++) {
        rocSum += (fpr[k + 1] - fpr[k]) * (tpr[k + 1] + tpr[k]) / 2;
      }
      for (int k = 0; k < THRESHOLDS; k++) {
        prSum += (tpr[k + 1] - tpr[k]) * precision[k + 1];
      }
    }
    return new VolumeUnderSurface(prSum / (bufferLength + 1), rocSum / (bufferLength + 1));
  }

  /** The k-th threshold is the score at rank {@code floor(k (n-1) / (THRESHOLDS-1))}, highest first. */
  private static double[] thresholds(double[] scores) {
    int n = scores.length;
    double[] sorted = scores.clone();
    Arrays.sort(sorted);
    double step = (n - 1) / (double) (THRESHOLDS - 1);
    double[] thresholds = new double[THRESHOLDS];
    for (int k = 0; k < THRESHOLDS; k++) {
      int rank = k == THRESHOLDS - 1 ? n - 1 : (int) (k * step);
      thresholds[k] = sorted[n - 1 - rank];
    }
    return thresholds;
  }

  /** For each point, the first threshold (they fall with k) at which its score reaches it. */
  private static int[] firstFlagged(double[] scores, double[] thresholds) {
    int[] first = new int[scores.length];
    for (int t = 0; t < scores.length; t++) {
      double score = scores[t];
      // the last threshold is the lowest score: every point reaches it
      first[t] = Math.min(Runs.firstWhere(THRESHOLDS, k -> score >= thresholds[k]), THRESHOLDS - 1);
    }
    return first;
  }

  /**
   * Writes the buffer labels of width {@code w} into {@code buffer} and returns where they are:
   * the points within {@code w/2} of a segment and outside every segment, each capped at 1.
   */
  private static List<Integer> widen(List<int[]> segments, boolean[] labels, int w, double[] buffer) {
    int n = labels.length;
    int half = w / 2;
    List<Integer> touchedPoints = new ArrayList<>();
    for (int[] s : segments) {
      for (int t = s[1] + 1; t < Math.min(s[1] + half + 1, n); t++) {
        add(buffer, touchedPoints, labels, t, Math.sqrt(1 - (double) (t - s[1]) / w));
      }
      for (int t = Math.max(s[0] - half, 0); t < s[0]; t++) {
        add(buffer, touchedPoints, labels, t, Math.sqrt(1 - (double) (s[0] - t) / w));
      }
    }
    for (int t : touchedPoints) {
      buffer[t] = Math.min(1, buffer[t]);
    }
    return touchedPoints;
  }

  private static void add(double[] buffer, List<Integer> where, boolean[] labels, int t, double credit) {
    if (labels[t]) {
      return; // a labelled point counts fully whatever buffer reaches it
    }
    if (buffer[t] == 0) {
      where.add(t);
    }
    buffer[t] += credit;
  }

  /** The segments widened by {@code w/2} on each side, overlapping ones merged. */
  private static List<int[]> zones(List<int[]> segments, int w, int n) {
    int half = w / 2;
    List<int[]> zones = new ArrayList<>();
    int start = Math.max(segments.get(0)[0] - half, 0);
    for (int i = 0; i + 1 < segments.size(); i++) {
      if (segments.get(i)[1] + half < segments.get(i + 1)[0] - half) {
        zones.add(new int[] {start, segments.get(i)[1] + half});
        start = segments.get(i + 1)[0] - half;
      }
    }
    zones.add(new int[] {start, Math.min(segments.get(segments.size() - 1)[1] + half, n - 1)});
    return zones;
  }

  private static void prefixSum(int[] a) {
    for (int k = 1; k < a.length; k++) {
      a[k] += a[k - 1];
    }
  }

  private static void prefixSum(double[] a) {
    for (int k = 1; k < a.length; k++) {
      a[k] += a[k - 1];
    }
  }
}
