package org.elbostream.model.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.elbostream.model.noise.RecordNoise;
import org.junit.jupiter.api.Test;

/** The O(d) formulas against the same Gaussian written as a dense d x d covariance. */
class RankOneGaussianTest {
  private static final int D = 5;
  private static final double[] MEAN = {0.3, -1.2, 0.0, 0.8, 2.0};
  private static final double[] LOG_D = {0.1, -0.7, 1.3, 0.4, -0.2};
  private static final double[] U = {0.9, -0.5, 1.6, 0.0, -1.1};

  @Test
  void shouldMatchTheDenseKlAndLogDensity() {
    double[][] cov = covariance();
    double logDet = logDeterminant(cov);
    double trace = 0;
    double meanSquare = 0;
    for (int i = 0; i < D; i++) {
      trace += cov[i][i];
      meanSquare += MEAN[i] * MEAN[i];
    }
    double denseKl = 0.5 * (trace + meanSquare - D - logDet);
    double[] z = {0.0, 0.5, -1.0, 1.0, 1.5};
    double[] delta = new double[D];
    for (int i = 0; i < D; i++) {
      delta[i] = z[i] - MEAN[i];
    }
    double[] solved = solve(cov, delta);
    double quadratic = 0;
    for (int i = 0; i < D; i++) {
      quadratic += delta[i] * solved[i];
    }
    double denseLogDensity = -0.5 * (D * Math.log(2 * Math.PI) + logDet + quadratic);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray mean = row(m, MEAN);
      NDArray logD = row(m, LOG_D);
      NDArray u = row(m, U);
      assertThat(RankOneGaussian.logDeterminant(logD, u).getFloat(0)).isCloseTo((float) logDet, within(1e-4f));
      assertThat(RankOneGaussian.klFromStandardNormal(mean, logD, u).getFloat(0)).isCloseTo((float) denseKl, within(1e-4f));
      NDArray samples = m.create(toFloats(z), new Shape(1, 1, D));
      assertThat(RankOneGaussian.logDensity(samples, mean, logD, u).getFloat(0, 0))
          .isCloseTo((float) denseLogDensity, within(1e-4f));
    }
  }

  @Test
  void shouldDrawSamplesWithTheDenseCovariance() {
    double[][] cov = covariance();
    int n = 200_000;
    float[] eps = new float[n * D];
    RecordNoise.fill(new SplittableRandom(11), eps, 0, eps.length);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray z = RankOneGaussian.sample(row(m, MEAN), row(m, LOG_D), row(m, U), m.create(eps, new Shape(1, n, D)));
      float[] draws = z.toFloatArray();
      double[] mean = new double[D];
      for (int s = 0; s < n; s++) {
        for (int i = 0; i < D; i++) {
          mean[i] += draws[s * D + i] / (double) n;
        }
      }
      double[][] empirical = new double[D][D];
      for (int s = 0; s < n; s++) {
        for (int i = 0; i < D; i++) {
          for (int j = 0; j < D; j++) {
            empirical[i][j] += (draws[s * D + i] - mean[i]) * (draws[s * D + j] - mean[j]) / n;
          }
        }
      }
      for (int i = 0; i < D; i++) {
        assertThat(mean[i]).as("mean %d", i).isCloseTo(MEAN[i], within(0.01));
        for (int j = 0; j < D; j++) {
          assertThat(empirical[i][j]).as("covariance %d,%d", i, j).isCloseTo(cov[i][j], within(0.01));
        }
      }
    }
  }

  @Test
  void shouldStayFiniteAndDiagonalWhenTheRankOneTermVanishes() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logD = row(m, LOG_D);
      NDArray zero = row(m, new double[D]);
      float[] eps = {1, 1, 1, 1, 1};
      float[] z = RankOneGaussian.sample(zero, logD, zero, m.create(eps, new Shape(1, 1, D))).toFloatArray();
      for (int i = 0; i < D; i++) {
        assertThat(z[i]).isCloseTo((float) Math.exp(-0.5 * LOG_D[i]), within(1e-6f));
      }
    }
  }

  /** C = (diag(exp(logD)) + u u')^-1, inverted densely. */
  private static double[][] covariance() {
    double[][] precision = new double[D][D];
    for (int i = 0; i < D; i++) {
      for (int j = 0; j < D; j++) {
        precision[i][j] = U[i] * U[j] + (i == j ? Math.exp(LOG_D[i]) : 0);
      }
    }
    double[][] cov = new double[D][];
    for (int j = 0; j < D; j++) {
      double[] unit = new double[D];
      unit[j] = 1;
      cov[j] = solve(precision, unit); // symmetric: columns are rows
    }
    return cov;
  }

  /** Solves A x = b by Gaussian elimination with partial pivoting. */
  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n] = b[i];
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      double[] t = m[c];
      m[c] = m[pivot];
      m[pivot] = t;
      for (int r = 0; r < n; r++) {
        if (r != c) {
          double f = m[r][c] / m[c][c];
          for (int k = c; k <= n; k++) {
            m[r][k] -= f * m[c][k];
          }
        }
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = m[i][n] / m[i][i];
    }
    return x;
  }

  /** log det of a symmetric positive-definite matrix by its Cholesky factor. */
  private static double logDeterminant(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    double logDet = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
      }
      logDet += 2 * Math.log(l[i][i]);
    }
    return logDet;
  }

  private static NDArray row(NDManager m, double[] values) {
    return m.create(toFloats(values), new Shape(1, values.length));
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
