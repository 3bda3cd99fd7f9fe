package org.elbostream.model.testing;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.net.VaeNetworks;

/**
 * A linear-Gaussian model written into our networks: p(z) = N(0, I), p(x|z) = N(Wz + b, s2 I). Its
 * marginal p(x) = N(b, WW' + s2 I) is known in closed form, and because W's columns are orthogonal
 * the exact posterior is diagonal, so the recognition network can represent it exactly.
 */
public final class LinearGaussianModel {
  public static final int D = 4;
  public static final int L = 2;
  public static final double S2 = 0.5;
  public static final double[][] W = {{1.0, 0.0}, {1.0, 0.0}, {0.0, 0.7}, {0.0, -0.7}};
  public static final double[] B = {0.1, -0.2, 0.3, 0.0};

  private LinearGaussianModel() {}

  /**
   * Networks with no hidden layer holding this model.
   *
   * @param posteriorShift added to the recognition mean and log-variance: 0 gives the exact
   *     posterior, anything else a worse one
   */
  public static VaeNetworks networks(NDManager manager, double posteriorShift) {
    Architecture arch = new Architecture(L, List.of(), Math.log(0.05 * 0.05));
    FeatureLayout layout = new FeatureLayout(FeatureSpec.numericColumns(D));
    VaeNetworks net = VaeNetworks.create(arch, layout, manager);
    // Generative: outputs [means (D) | raw log-variances (D)] = Linear(z).
    float[] gw = new float[2 * D * L];
    float[] gb = new float[2 * D];
    double raw = arch.minLogVariance() + Math.log(Math.expm1(Math.log(S2) - arch.minLogVariance()));
    for (int i = 0; i < D; i++) {
      for (int k = 0; k < L; k++) {
        gw[i * L + k] = (float) W[i][k];
      }
      gb[i] = (float) B[i];
      gb[D + i] = (float) raw;
    }
    // Recognition: exact posterior N(A(x - b), diag(1 / m)), m_k = 1 + |w_k|^2 / s2, A = diag(1/m) W' / s2.
    int in = layout.recognitionInputWidth();
    float[] rw = new float[2 * L * in];
    float[] rb = new float[2 * L];
    for (int k = 0; k < L; k++) {
      double norm = 0;
      for (int i = 0; i < D; i++) {
        norm += W[i][k] * W[i][k];
      }
      double m = 1 + norm / S2;
      double bias = 0;
      for (int i = 0; i < D; i++) {
        double a = W[i][k] / S2 / m;
        rw[k * in + i] = (float) a;
        bias -= a * B[i];
      }
      rb[k] = (float) (bias + posteriorShift);
      rb[L + k] = (float) (Math.log(1 / m) + posteriorShift);
    }
    set(net, "generative", gw, gb);
    set(net, "recognition", rw, rb);
    return net;
  }

  private static void set(VaeNetworks net, String which, float[] weight, float[] bias) {
    var params = which.equals("generative") ? net.generative().getParameters() : net.recognition().getParameters();
    params.forEach(p -> {
      if (p.getKey().endsWith("weight")) {
        p.getValue().getArray().set(weight);
      } else {
        p.getValue().getArray().set(bias);
      }
    });
  }

  /**
   * The exact conditional of one field given the others, {mean, variance}: for x ~ N(b, C) with
   * C = WW' + s2 I, mean = b_m + C_mo C_oo^-1 (x_o - b_o), variance = C_mm - C_mo C_oo^-1 C_om.
   */
  public static double[] conditional(double[] x, int missing) {
    double[][] cov = covariance();
    int[] o = java.util.stream.IntStream.range(0, D).filter(i -> i != missing).toArray();
    int n = o.length;
    double[][] a = new double[n][n + 2];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        a[r][c] = cov[o[r]][o[c]];
      }
      a[r][n] = x[o[r]] - B[o[r]];
      a[r][n + 1] = cov[o[r]][missing];
    }
    // Solve C_oo [u v] = [x_o - b_o, C_om] by Gauss-Jordan elimination.
    for (int c = 0; c < n; c++) {
      for (int r = 0; r < n; r++) {
        if (r != c) {
          double f = a[r][c] / a[c][c];
          for (int k = c; k < n + 2; k++) {
            a[r][k] -= f * a[c][k];
          }
        }
      }
    }
    double mean = B[missing];
    double variance = cov[missing][missing];
    for (int r = 0; r < n; r++) {
      mean += cov[missing][o[r]] * a[r][n] / a[r][r];
      variance -= cov[missing][o[r]] * a[r][n + 1] / a[r][r];
    }
    return new double[] {mean, variance};
  }

  private static double[][] covariance() {
    double[][] cov = new double[D][D];
    for (int i = 0; i < D; i++) {
      for (int j = 0; j < D; j++) {
        for (int k = 0; k < L; k++) {
          cov[i][j] += W[i][k] * W[j][k];
        }
      }
      cov[i][i] += S2;
    }
    return cov;
  }

  /** log N(x; b, WW' + s2 I), by Gaussian elimination. */
  public static double logMarginal(double[] x) {
    double[][] cov = covariance();
    double[] r = new double[D];
    for (int i = 0; i < D; i++) {
      r[i] = x[i] - B[i];
    }
    double[] solved = r.clone();
    double logDet = 0;
    double[][] a = new double[D][];
    for (int i = 0; i < D; i++) {
      a[i] = cov[i].clone();
    }
    for (int c = 0; c < D; c++) {
      logDet += Math.log(a[c][c]);
      for (int row = c + 1; row < D; row++) {
        double f = a[row][c] / a[c][c];
        for (int col = c; col < D; col++) {
          a[row][col] -= f * a[c][col];
        }
        solved[row] -= f * solved[c];
      }
    }
    for (int c = D - 1; c >= 0; c--) {
      for (int col = c + 1; col < D; col++) {
        solved[c] -= a[c][col] * solved[col];
      }
      solved[c] /= a[c][c];
    }
    double quad = 0;
    for (int i = 0; i < D; i++) {
      quad += r[i] * solved[i];
    }
    return -0.5 * (D * Math.log(2 * Math.PI) + logDet + quad);
  }
}
