package org.elbostream.model.scoring;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.net.VaeNetworks;
import org.elbostream.model.noise.RecordNoise;

/**
 * log p(x_obs) of each row estimated with K importance samples from q(z|x) (Burda et al. 2016's
 * bound, which rises towards log p(x_obs) as K grows). The samples are drawn in chunks and their
 * weights merged by a running log-sum-exp in double precision, so K can reach the thousands the
 * likelihood tables of the papers use without holding K heads in memory at once.
 *
 * <p>Values are in the model's normalised units (the densities of the min-max scaled fields), the
 * units the training bound and the anomaly score use; models sharing a feature spec compare directly.
 * Missing fields are marginalised out, as in the bound.
 */
public final class MarginalLikelihood {
  private final VariationalBound bound;
  private final FeatureLayout layout;
  private final NDManager manager;

  public MarginalLikelihood(VaeNetworks networks, NDManager manager) {
    this.bound = new VariationalBound(networks);
    this.layout = networks.layout();
    this.manager = manager;
  }

  /**
   * @param rows feature order, raw units, NaN = missing
   * @param samples K, at least 1
   * @param seed the same seed and rows give the same estimates
   * @return per row, the K-sample estimate of log p(x_obs) in nats
   */
  public double[] logMarginal(List<double[]> rows, int samples, long seed) {
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be at least 1, got " + samples);
    }
    LogMeanExp.Chunks chunks = LogMeanExp.Chunks.of(rows.size(), samples);
    double[] out = new double[rows.size()];
    for (int from = 0; from < rows.size(); from += chunks.rows()) {
      int to = Math.min(rows.size(), from + chunks.rows());
      estimateBatch(rows.subList(from, to), samples, chunks.samples(), seed, from, out);
    }
    return out;
  }

  private void estimateBatch(List<double[]> rows, int samples, int chunk, long seed, int first, double[] out) {
    int n = rows.size();
    int latent = bound.networks().architecture().latentDim();
    SplittableRandom[] random = new SplittableRandom[n];
    for (int i = 0; i < n; i++) {
      random[i] = new SplittableRandom(RecordNoise.seedOf(new double[] {first + i}, seed));
    }
    LogMeanExp estimate = new LogMeanExp(n);
    // A model with a window reads these rows without their past (empty slots).
    FeatureLayout.Encoded batch = layout.encode(rows, null, bound.networks().architecture().pastRecords(), false);
    for (int done = 0; done < samples; done += chunk) {
      int s = Math.min(chunk, samples - done);
      float[] eps = new float[n * s * latent];
      for (int i = 0; i < n; i++) {
        RecordNoise.fill(random[i], eps, i * s * latent, s * latent);
      }
      try (NDManager m = manager.newSubManager()) {
        estimate.add(bound.forward(m, new ParameterStore(m, false), batch, eps, s, false).logWeight().toFloatArray(),
            0, n, s);
      }
    }
    System.arraycopy(estimate.result(samples), 0, out, first, n);
  }
}
