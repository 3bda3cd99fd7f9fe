package org.elbostream.model.imputation;

import java.util.SplittableRandom;
import org.elbostream.model.noise.RecordNoise;

/** log N(z; 0, I) and log N(z; m, diag(exp(lv))) for the samplers' weights and acceptance ratios. */
final class LatentDensity {
  private static final double LOG_2PI = StrictMath.log(2 * Math.PI);

  private LatentDensity() {}

  /** log p(z) of row {@code i} of a {@code [rows, L]} array. */
  static double prior(float[] z, int i, int latent) {
    double sum = 0;
    for (int l = 0; l < latent; l++) {
      double v = z[i * latent + l];
      sum += v * v + LOG_2PI;
    }
    return -0.5 * sum;
  }

  /**
   * log q(z | x) of row {@code zRow} of {@code z} under row {@code qRow} of a recognition output
   * {@code [rows, 2L]} (means, then log-variances).
   */
  static double posterior(float[] z, int zRow, float[] q, int qRow, int latent) {
    double sum = 0;
    for (int l = 0; l < latent; l++) {
      double mean = q[qRow * 2 * latent + l];
      double logVar = q[qRow * 2 * latent + latent + l];
      double d = z[zRow * latent + l] - mean;
      sum += d * d * StrictMath.exp(-logVar) + logVar + LOG_2PI;
    }
    return -0.5 * sum;
  }

  /** z = mean + std * eps for row {@code qRow}, written at row {@code zRow} of {@code z}. */
  static void sample(float[] q, int qRow, int latent, SplittableRandom random, float[] z, int zRow) {
    for (int l = 0; l < latent; l++) {
      double mean = q[qRow * 2 * latent + l];
      double logVar = q[qRow * 2 * latent + latent + l];
      z[zRow * latent + l] = (float) (mean + StrictMath.exp(0.5 * logVar) * RecordNoise.gaussian(random));
    }
  }
}
