package org.elbostream.trainer.report;

/** Principal-component projection to two dimensions, for drawing a latent space of any size. */
public final class Projection {
  private Projection() {}

  /** Rows projected on their two leading principal components: {@code [2][n]}. */
  public static double[][] toTwoDimensions(double[][] points) {
    int n = points.length;
    int d = points[0].length;
    double[][] out = new double[2][n];
    if (d == 1) {
      for (int i = 0; i < n; i++) {
        out[0][i] = points[i][0];
      }
      return out;
    }
    double[] mean = new double[d];
    for (double[] p : points) {
      for (int k = 0; k < d; k++) {
        mean[k] += p[k] / n;
      }
    }
    double[][] cov = new double[d][d];
    for (double[] p : points) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          cov[a][b] += (p[a] - mean[a]) * (p[b] - mean[b]) / n;
        }
      }
    }
    double[] first = leadingEigenvector(cov);
    double lambda = rayleigh(cov, first);
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        cov[a][b] -= lambda * first[a] * first[b]; // deflate to find the second component
      }
    }
    double[] second = leadingEigenvector(cov);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        double c = points[i][k] - mean[k];
        out[0][i] += c * first[k];
        out[1][i] += c * second[k];
      }
    }
    return out;
  }

  private static double[] leadingEigenvector(double[][] m) {
    int d = m.length;
    double[] v = new double[d];
    for (int k = 0; k < d; k++) {
      v[k] = 1.0 / Math.sqrt(d) * (1 + 0.01 * k); // deterministic start, not orthogonal to any axis
    }
    for (int it = 0; it < 500; it++) {
      double[] w = new double[d];
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          w[a] += m[a][b] * v[b];
        }
      }
      double norm = 0;
      for (double x : w) {
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      if (norm == 0) {
        return v;
      }
      for (int k = 0; k < d; k++) {
        v[k] = w[k] / norm;
      }
    }
    return v;
  }

  private static double rayleigh(double[][] m, double[] v) {
    double s = 0;
    for (int a = 0; a < m.length; a++) {
      for (int b = 0; b < m.length; b++) {
        s += v[a] * m[a][b] * v[b];
      }
    }
    return s;
  }
}
