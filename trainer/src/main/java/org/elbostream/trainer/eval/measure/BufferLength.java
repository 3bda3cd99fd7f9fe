package org.elbostream.trainer.eval.measure;

import java.util.List;

/**
 * The buffer length of the VUS measures, derived from the series as TSB-AD's
 * {@code find_length_rank(data, rank=1)} derives it: the lag of the highest local maximum of the
 * autocorrelation function over lags 3 to 400 of (at most) the first 20,000 values, when that lag
 * lies between 6 and 303; otherwise, or when there is no local maximum (a constant series), 125.
 * The autocorrelation is statsmodels' {@code acf}: the mean removed, every lag's sum divided by n.
 */
public final class BufferLength {
  /** When the series shows no period. */
  public static final int DEFAULT = 125;
  private static final int MAX_VALUES = 20_000;
  private static final int FIRST_LAG = 3;
  private static final int LAST_LAG = 400;

  private BufferLength() {}

  public static int of(double[] series) {
    int n = Math.min(series.length, MAX_VALUES);
    double mean = 0;
    for (int t = 0; t < n; t++) {
      mean += series[t] / n;
    }
    double[] centred = new double[n];
    for (int t = 0; t < n; t++) {
      centred[t] = series[t] - mean;
    }
    int lags = Math.min(LAST_LAG, n - 1);
    double[] acf = new double[lags + 1];
    for (int k = 0; k <= lags; k++) {
      double sum = 0;
      for (int t = 0; t + k < n; t++) {
        sum += centred[t] * centred[t + k];
      }
      acf[k] = sum;
    }
    double variance = acf[0];
    int best = -1;
    for (int k = FIRST_LAG + 1; k < lags; k++) { // strict local maxima inside lags 3..400
      double v = acf[k] / variance;
      if (v > acf[k - 1] / variance && v > acf[k + 1] / variance && (best < 0 || v > acf[best] / variance)) {
        best = k;
      }
    }
    if (best < 0) {
      return DEFAULT;
    }
    int offset = best - FIRST_LAG; // TSB-AD bounds the index into the lag-3-onward array
    return offset < 3 || offset > 300 ? DEFAULT : best;
  }

  /** The buffer length of a table's first column. */
  public static int ofFirstColumn(List<double[]> rows) {
    double[] column = new double[rows.size()];
    for (int t = 0; t < column.length; t++) {
      column[t] = rows.get(t)[0];
    }
    return of(column);
  }
}
