package org.elbostream.trainer.impute;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Chained regressions (MICE's deterministic form, as scikit-learn's IterativeImputer runs it by
 * default): every missing cell starts at its column's mean; then, round after round, each column
 * with missing cells is regressed on all the others as they are filled now — a ridge regression on
 * the rows that observe it, the columns centred and scaled to unit variance so one penalty fits
 * all — and its missing cells take the prediction. It stops when a round moves no filled cell by
 * more than {@code tolerance} of the largest observed magnitude, or after {@code maxRounds}.
 *
 * @param maxRounds rounds over the columns at most
 * @param ridge the penalty on the scaled coefficients, per row the column is observed in
 * @param tolerance the largest move of a round, relative to the data's largest magnitude, that ends it
 */
public record ChainedRegressions(int maxRounds, double ridge, double tolerance) {
  public ChainedRegressions {
    if (maxRounds < 1 || !(ridge >= 0) || !(tolerance >= 0)) {
      throw new IllegalArgumentException("chained regressions need at least 1 round and a penalty and tolerance"
          + " of at least 0; got " + maxRounds + ", " + ridge + ", " + tolerance);
    }
  }

  /** scikit-learn's IterativeImputer defaults: 10 rounds, a tolerance of 1e-3; a light ridge in place of its Bayesian one. */
  public static ChainedRegressions defaults() {
    return new ChainedRegressions(10, 1e-3, 1e-3);
  }

  /** Missing cells (NaN) filled. */
  public double[][] impute(List<double[]> rows) {
    int n = rows.size();
    int d = rows.get(0).length;
    double[][] filled = Baselines.mean(rows);
    double largest = 0;
    for (double[] r : rows) {
      for (double v : r) {
        if (!Double.isNaN(v)) {
          largest = Math.max(largest, Math.abs(v));
        }
      }
    }
    List<Integer> columns = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      final int col = j;
      if (rows.stream().anyMatch(r -> Double.isNaN(r[col]))) {
        columns.add(j);
      }
    }
    for (int round = 0; round < maxRounds && !columns.isEmpty(); round++) {
      double moved = 0;
      for (int j : columns) {
        moved = Math.max(moved, fill(rows, filled, j, n, d));
      }
      if (moved <= tolerance * largest) {
        break;
      }
    }
    return filled;
  }

  /** Regresses column j on the others over the rows that observe it; fills the rest; returns the largest move. */
  private double fill(List<double[]> rows, double[][] filled, int j, int n, int d) {
    double[] mean = new double[d];
    double[] scale = new double[d];
    int observed = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(rows.get(i)[j])) {
        observed++;
        for (int k = 0; k < d; k++) {
          mean[k] += filled[i][k];
        }
      }
    }
    if (observed < 2) {
      return 0;
    }
    for (int k = 0; k < d; k++) {
      mean[k] /= observed;
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(rows.get(i)[j])) {
        for (int k = 0; k < d; k++) {
          double c = filled[i][k] - mean[k];
          scale[k] += c * c;
        }
      }
    }
    for (int k = 0; k < d; k++) {
      scale[k] = scale[k] > 0 ? Math.sqrt(scale[k] / observed) : 1;
    }
    // Normal equations over the scaled other columns: (X'X + ridge * observed * I) b = X'y.
    int p = d - 1;
    double[][] gram = new double[p][p];
    double[] xy = new double[p];
    double[] x = new double[p];
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(rows.get(i)[j])) {
        continue;
      }
      scaledOthers(filled[i], j, mean, scale, x);
      double y = (filled[i][j] - mean[j]) / scale[j];
      for (int a = 0; a < p; a++) {
        xy[a] += x[a] * y;
        for (int b = 0; b <= a; b++) {
          gram[a][b] += x[a] * x[b];
        }
      }
    }
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < a; b++) {
        gram[b][a] = gram[a][b];
      }
      gram[a][a] += ridge * observed + 1e-12;
    }
    RealMatrix system = new Array2DRowRealMatrix(gram, false);
    RealVector coefficients = new CholeskyDecomposition(system, 1e-12, 1e-15).getSolver()
        .solve(new ArrayRealVector(xy, false));
    double moved = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(rows.get(i)[j])) {
        continue;
      }
      scaledOthers(filled[i], j, mean, scale, x);
      double prediction = mean[j] + scale[j] * coefficients.dotProduct(new ArrayRealVector(x, false));
      moved = Math.max(moved, Math.abs(prediction - filled[i][j]));
      filled[i][j] = prediction;
    }
    return moved;
  }

  private static void scaledOthers(double[] row, int j, double[] mean, double[] scale, double[] out) {
    for (int k = 0, m = 0; k < row.length; k++) {
      if (k != j) {
        out[m++] = (row[k] - mean[k]) / scale[k];
      }
    }
  }
}
