package org.elbostream.model.imputation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Importance resampling from the recognition model: K draws z_k ~ q(z | x_obs) (the network sees the
 * missing fields as missing), self-normalised weights w_k proportional to p(x_obs | z_k) p(z_k) /
 * q(z_k | x_obs), the estimate the w-weighted mixture of p(x_mis | z_k), and K draws of x_mis from
 * that mixture for the interval. The number of samples reported is the effective sample size
 * 1 / sum w_k^2. Consistent as K grows, with one pass of each network.
 */
final class ImportanceResampler implements Imputer {
  private final NetworkCalls calls;
  private final Heads heads;
  private final ImputationOptions options;

  ImportanceResampler(NetworkCalls calls, Heads heads, ImputationOptions options) {
    this.calls = calls;
    this.heads = heads;
    this.options = options;
  }

  @Override
  public Imputations impute(List<double[]> rows, long[] seeds) {
    int n = rows.size();
    int k = options.importanceSamples();
    int latent = calls.latent();
    int width = heads.width();
    float[] q = calls.recognise(calls.layout().encode(rows));
    SplittableRandom[] random = new SplittableRandom[n];
    float[] z = new float[n * k * latent];
    for (int i = 0; i < n; i++) {
      random[i] = new SplittableRandom(seeds[i]);
      for (int s = 0; s < k; s++) {
        LatentDensity.sample(q, i, latent, random[i], z, i * k + s);
      }
    }
    float[] h = calls.generate(z, n * k);
    List<FieldEstimate[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] row = rows.get(i);
      double[] logW = new double[k];
      double max = Double.NEGATIVE_INFINITY;
      for (int s = 0; s < k; s++) {
        int at = (i * k + s) * width;
        double lw = LatentDensity.prior(z, i * k + s, latent) - LatentDensity.posterior(z, i * k + s, q, i, latent);
        for (int j = 0; j < row.length; j++) {
          if (!Double.isNaN(row[j])) {
            lw += heads.logDensity(h, at, j, row[j]);
          }
        }
        logW[s] = lw;
        max = Math.max(max, lw);
      }
      double[] w = new double[k];
      double total = 0;
      for (int s = 0; s < k; s++) {
        w[s] = StrictMath.exp(logW[s] - max);
        total += w[s];
      }
      double squares = 0;
      FieldDraws draws = new FieldDraws(heads, row, k);
      for (int s = 0; s < k; s++) {
        w[s] /= total;
        squares += w[s] * w[s];
        draws.addMoments(h, (i * k + s) * width, w[s]);
      }
      for (int r = 0; r < k; r++) {
        int s = pick(w, random[i].nextDouble());
        for (int j = 0; j < row.length; j++) {
          if (Double.isNaN(row[j])) {
            draws.addDraw(j, heads.draw(h, (i * k + s) * width, j, random[i]));
          }
        }
      }
      out.add(draws.finish((int) Math.round(1 / squares)));
    }
    return new Imputations(out, Double.NaN);
  }

  private static int pick(double[] w, double u) {
    double cumulative = 0;
    for (int s = 0; s < w.length - 1; s++) {
      cumulative += w[s];
      if (u < cumulative) {
        return s;
      }
    }
    return w.length - 1;
  }
}
