package org.elbostream.model.scoring;

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
final class LinearGaussianModel {
  static final int D = 4;
  static final int L = 2;
  static final double S2 = 0.5;
  static final double[][] W = {{1.0, 0.0}, {1.0, 0.0}, {0.0, 0.7}, {0.0, -0.7}};
  static final double[] B = {0.1, -0.2, 0.3, 0.0};

  private LinearGaussianModel() {}

  /**
   * Networks with no hidden layer holding this model.
   *
   * @param posteriorShift added to the recognition mean and log-variance: 0 gives the exact
   *     posterior, anything else a worse one
   */
  static VaeNetworks networks(NDManager manager, double posteriorShift) {
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

  /** log N(x; b, WW' + s2 I), by Gaussian elimination. */
  static double logMarginal(double[] x) {
    double[][] cov = new double[D][D];
    for (int i = 0; i < D; i++) {
      for (int j = 0; j < D; j++) {
        for (int k = 0; k < L; k++) {
          cov[i][j] += W[i][k] * W[j][k];
        }
      }
      cov[i][i] += S2;
    }
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
