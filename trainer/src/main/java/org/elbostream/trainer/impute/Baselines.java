package org.elbostream.trainer.impute;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.elbostream.trainer.data.ColumnTypes;

/**
 * The imputations a data scientist compares against: each column's observed mean, the last
 * observation carried forward, and the k
 * nearest neighbours (scikit-learn's KNNImputer: Euclidean distance over the coordinates both rows
 * have, scaled up for the ones they do not; uniform weights over the k nearest rows that have the
 * column). Distances use each column scaled to its observed range, so no column dominates by units.
 */
public final class Baselines {
  private Baselines() {}

  /** Each column's mean over its observed (non-NaN) cells; 0 for a column with none. */
  public static double[] columnMeans(List<double[]> rows) {
    int d = rows.get(0).length;
    double[] sum = new double[d];
    long[] count = new long[d];
    for (double[] r : rows) {
      for (int j = 0; j < d; j++) {
        if (!Double.isNaN(r[j])) {
          sum[j] += r[j];
          count[j]++;
        }
      }
    }
    for (int j = 0; j < d; j++) {
      sum[j] = count[j] == 0 ? 0 : sum[j] / count[j];
    }
    return sum;
  }

  /** Missing cells (NaN) filled with their column's observed mean. */
  public static double[][] mean(List<double[]> rows) {
    double[] means = columnMeans(rows);
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      out[i] = rows.get(i).clone();
      for (int j = 0; j < means.length; j++) {
        if (Double.isNaN(out[i][j])) {
          out[i][j] = means[j];
        }
      }
    }
    return out;
  }

  /** Mean imputation, but a discrete (ordinal or categorical) column takes its most frequent observed class. */
  public static double[][] meanOrMode(List<double[]> rows, ColumnTypes types) {
    double[][] out = mean(rows);
    for (int j = 0; j < types.size(); j++) {
      if (!types.kind(j).discrete()) {
        continue;
      }
      Map<Double, Integer> counts = new HashMap<>();
      for (double[] r : rows) {
        if (!Double.isNaN(r[j])) {
          counts.merge(r[j], 1, Integer::sum);
        }
      }
      double mode = counts.entrySet().stream().max(Map.Entry.<Double, Integer>comparingByValue()
          .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).orElse(0.0);
      for (int i = 0; i < rows.size(); i++) {
        if (Double.isNaN(rows.get(i)[j])) {
          out[i][j] = mode;
        }
      }
    }
    return out;
  }

  /**
   * Missing cells filled with their key's last observed value of the column, rows taken in order (a
   * streaming imputer's simplest baseline); before a key's first observation, {@code before}.
   *
   * @param keys each row's key; null for one key
   */
  public static double[][] lastObservation(List<double[]> rows, List<String> keys, double[] before) {
    Map<String, double[]> last = new HashMap<>();
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      double[] row = rows.get(i);
      double[] seen = last.computeIfAbsent(keys == null ? "" : keys.get(i), k -> before.clone());
      out[i] = row.clone();
      for (int j = 0; j < row.length; j++) {
        if (Double.isNaN(row[j])) {
          out[i][j] = seen[j];
        } else {
          seen[j] = row[j];
        }
      }
    }
    return out;
  }

  /** Missing cells filled by the mean of the k nearest rows that have them (the column mean if none do). */
  public static double[][] nearestNeighbours(List<double[]> rows, int k) {
    int n = rows.size();
    int d = rows.get(0).length;
    double[] min = new double[d];
    double[] max = new double[d];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (double[] r : rows) {
      for (int j = 0; j < d; j++) {
        if (!Double.isNaN(r[j])) {
          min[j] = Math.min(min[j], r[j]);
          max[j] = Math.max(max[j], r[j]);
        }
      }
    }
    float[][] scaled = new float[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double v = rows.get(i)[j];
        double range = max[j] > min[j] ? max[j] - min[j] : 1;
        scaled[i][j] = Double.isNaN(v) ? Float.NaN : (float) ((v - min[j]) / range);
      }
    }
    double[][] fallback = mean(rows);
    double[][] out = new double[n][];
    IntStream.range(0, n).parallel().forEach(i -> out[i] = fill(rows, scaled, i, k, fallback[i]));
    return out;
  }

  private static double[] fill(List<double[]> rows, float[][] scaled, int i, int k, double[] fallback) {
    double[] row = rows.get(i).clone();
    int d = row.length;
    boolean any = false;
    for (double v : row) {
      any |= Double.isNaN(v);
    }
    if (!any) {
      return row;
    }
    int n = rows.size();
    double[] distance = new double[n];
    float[] a = scaled[i];
    for (int o = 0; o < n; o++) {
      if (o == i) {
        distance[o] = Double.POSITIVE_INFINITY;
        continue;
      }
      float[] b = scaled[o];
      double sum = 0;
      int shared = 0;
      for (int j = 0; j < d; j++) {
        float diff = a[j] - b[j];
        if (diff == diff) { // both present: NaN otherwise
          sum += diff * diff;
          shared++;
        }
      }
      distance[o] = shared == 0 ? Double.POSITIVE_INFINITY : Math.sqrt(sum * d / shared);
    }
    for (int j = 0; j < d; j++) {
      if (!Double.isNaN(row[j])) {
        continue;
      }
      // The k nearest rows that have column j, kept in a small sorted array.
      int[] best = new int[k];
      double[] bestDistance = new double[k];
      Arrays.fill(bestDistance, Double.POSITIVE_INFINITY);
      int found = 0;
      for (int o = 0; o < n; o++) {
        if (Float.isNaN(scaled[o][j]) || !(distance[o] < bestDistance[k - 1])) {
          continue;
        }
        int at = k - 1;
        while (at > 0 && distance[o] < bestDistance[at - 1]) {
          bestDistance[at] = bestDistance[at - 1];
          best[at] = best[at - 1];
          at--;
        }
        bestDistance[at] = distance[o];
        best[at] = o;
        found = Math.min(k, found + 1);
      }
      if (found == 0) {
        row[j] = fallback[j];
        continue;
      }
      double sum = 0;
      for (int m = 0; m < found; m++) {
        sum += rows.get(best[m])[j];
      }
      row[j] = sum / found;
    }
    return row;
  }
}
