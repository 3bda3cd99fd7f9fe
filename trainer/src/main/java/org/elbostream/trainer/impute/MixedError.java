package org.elbostream.trainer.impute;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elbostream.trainer.data.ColumnTypes;

/**
 * An imputation judged by each column's type, as the HI-VAE paper judges it: a discrete (ordinal or
 * categorical) column by the share of its hidden cells imputed wrong, the imputed value rounded to
 * the nearest class; a numeric column by the RMSE of its hidden cells over the column's range. Each
 * type's error is the mean over its columns; {@code mean} is the mean over every column that had a
 * hidden cell.
 */
public record MixedError(double mean, Map<String, Double> byType) {

  static MixedError of(List<double[]> truth, double[][] filled, HiddenCells hidden, ColumnTypes types) {
    int d = types.size();
    Map<String, double[]> sums = new LinkedHashMap<>();
    double total = 0;
    int judged = 0;
    for (int j = 0; j < d; j++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double[] row : truth) {
        lo = Math.min(lo, row[j]);
        hi = Math.max(hi, row[j]);
      }
      double range = hi > lo ? hi - lo : 1;
      boolean discrete = types.kind(j).discrete();
      double sum = 0;
      int cells = 0;
      for (int i = 0; i < truth.size(); i++) {
        if (hidden.hidden(i, j)) {
          double t = truth.get(i)[j];
          double f = filled[i][j];
          sum += discrete ? (Math.round(f) == Math.round(t) ? 0 : 1) : ((f - t) / range) * ((f - t) / range);
          cells++;
        }
      }
      if (cells == 0) {
        continue;
      }
      double error = discrete ? sum / cells : Math.sqrt(sum / cells);
      double[] s = sums.computeIfAbsent(types.kind(j).key(), k -> new double[2]);
      s[0] += error;
      s[1]++;
      total += error;
      judged++;
    }
    Map<String, Double> byType = new LinkedHashMap<>();
    sums.forEach((k, s) -> byType.put(k, s[0] / s[1]));
    return new MixedError(judged == 0 ? Double.NaN : total / judged, byType);
  }
}
