package org.elbostream.model.imputation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.model.noise.RecordNoise;

/**
 * The two Markov chains over (z, x_mis), run for a whole batch at once (one network call per step
 * each way). Both propose z' ~ q(z | x_obs, x_mis) from the completed record — the recognition
 * network sees every field as observed — and then draw x_mis ~ p(x_mis | z). Pseudo-Gibbs takes
 * every proposal; Metropolis-within-Gibbs takes it with probability
 * min(1, p(x|z') p(z') q(z|x) / (p(x|z) p(z) q(z'|x))), which makes p(z, x_mis | x_obs) the chain's
 * stationary distribution whatever q is.
 *
 * <p>Pseudo-Gibbs starts, as Rezende et al. do, from the learned marginal: z ~ p(z), x_mis ~
 * p(x_mis | z). Metropolis-within-Gibbs starts from z ~ q(z | x_obs), the recognition network seeing
 * the missing fields as missing. Its proposal is an independence proposal: from a start far in q's
 * tail (a z from the prior) the reverse proposal density is so small that nothing is accepted and
 * the chain stays where it began (on the spam table every proposal was refused), and a pseudo-Gibbs
 * warm-up instead wandered off on some letter seeds. Any start leaves the stationary distribution
 * unchanged; this one only shortens the way to it.
 */
final class ChainImputer implements Imputer {
  private final NetworkCalls calls;
  private final Heads heads;
  private final ImputationOptions options;
  private final boolean metropolis;

  ChainImputer(NetworkCalls calls, Heads heads, ImputationOptions options, boolean metropolis) {
    this.calls = calls;
    this.heads = heads;
    this.options = options;
    this.metropolis = metropolis;
  }

  @Override
  public Imputations impute(List<double[]> rows, long[] seeds) {
    int n = rows.size();
    int latent = calls.latent();
    int width = heads.width();
    SplittableRandom[] random = new SplittableRandom[n];
    List<double[]> x = new ArrayList<>(n);
    List<FieldDraws> draws = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      random[i] = new SplittableRandom(seeds[i]);
      x.add(rows.get(i).clone());
      draws.add(new FieldDraws(heads, rows.get(i), options.draws()));
    }
    float[] z = new float[n * latent];
    if (metropolis) {
      float[] observedOnly = calls.recognise(calls.layout().encode(rows));
      for (int i = 0; i < n; i++) {
        LatentDensity.sample(observedOnly, i, latent, random[i], z, i);
      }
    } else {
      for (int i = 0; i < n; i++) {
        for (int l = 0; l < latent; l++) {
          z[i * latent + l] = (float) RecordNoise.gaussian(random[i]);
        }
      }
    }
    float[] current = calls.generate(z, n);
    drawMissing(rows, x, current, random);

    long accepted = 0;
    float[] proposal = new float[n * latent];
    for (int step = 0; step < options.burnIn() + options.draws(); step++) {
      float[] q = calls.recognise(calls.layout().encode(x));
      for (int i = 0; i < n; i++) {
        LatentDensity.sample(q, i, latent, random[i], proposal, i);
      }
      float[] proposed = calls.generate(proposal, n);
      for (int i = 0; i < n; i++) {
        boolean take = !metropolis || StrictMath.log(random[i].nextDouble())
            < logTarget(x.get(i), proposed, proposal, i) + LatentDensity.posterior(z, i, q, i, latent)
            - logTarget(x.get(i), current, z, i) - LatentDensity.posterior(proposal, i, q, i, latent);
        if (take) {
          System.arraycopy(proposal, i * latent, z, i * latent, latent);
          System.arraycopy(proposed, i * width, current, i * width, width);
          accepted++;
        }
      }
      drawMissing(rows, x, current, random);
      if (step >= options.burnIn()) {
        for (int i = 0; i < n; i++) {
          FieldDraws d = draws.get(i);
          d.addMoments(current, i * width, 1);
          double[] row = rows.get(i);
          for (int j = 0; j < row.length; j++) {
            if (Double.isNaN(row[j])) {
              d.addDraw(j, x.get(i)[j]);
            }
          }
        }
      }
    }
    List<FieldEstimate[]> out = new ArrayList<>(n);
    for (FieldDraws d : draws) {
      out.add(d.finish(options.draws()));
    }
    double steps = (double) n * (options.burnIn() + options.draws());
    return new Imputations(out, metropolis ? accepted / steps : Double.NaN);
  }

  /** log p(x | z) + log p(z) of row i, every field of the completed record counted. */
  private double logTarget(double[] completed, float[] h, float[] z, int i) {
    double sum = LatentDensity.prior(z, i, calls.latent());
    for (int j = 0; j < completed.length; j++) {
      sum += heads.logDensity(h, i * heads.width(), j, completed[j]);
    }
    return sum;
  }

  private void drawMissing(List<double[]> rows, List<double[]> x, float[] h, SplittableRandom[] random) {
    for (int i = 0; i < rows.size(); i++) {
      double[] row = rows.get(i);
      for (int j = 0; j < row.length; j++) {
        if (Double.isNaN(row[j])) {
          x.get(i)[j] = heads.draw(h, i * heads.width(), j, random[i]);
        }
      }
    }
  }
}
