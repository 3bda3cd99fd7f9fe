package org.elbostream.model.imputation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.net.VaeNetworks;
import org.elbostream.model.latent.PosteriorParameters;

/**
 * The two networks called one way at a time, for samplers that alternate between them: inputs and
 * outputs as Java arrays, each call's native memory released before it returns.
 */
final class NetworkCalls {
  private final VaeNetworks networks;
  private final NDManager manager;
  private final int latent;

  NetworkCalls(VaeNetworks networks, NDManager manager) {
    this.networks = networks;
    this.manager = manager;
    this.latent = networks.architecture().latentDim();
  }

  int latent() {
    return latent;
  }

  FeatureLayout layout() {
    return networks.layout();
  }

  /**
   * q(z|x) of each row as a diagonal Gaussian: {@code [rows, 2L]}, the mean then the log-variance
   * (clipped as in the bound). For a rank-one posterior these are its marginal variances: the samplers
   * then propose from the diagonal Gaussian closest in marginals, and weigh by that same density, so
   * Metropolis-within-Gibbs and importance resampling stay exact.
   */
  float[] recognise(FeatureLayout.Encoded batch) {
    try (NDManager m = manager.newSubManager()) {
      NDArray input = m.create(batch.recognitionInput(),
          new Shape(batch.rows(), networks.layout().recognitionInputWidth()));
      NDArray h = networks.recognition().forward(new ParameterStore(m, false), new NDList(input), false)
          .singletonOrThrow();
      PosteriorParameters q = PosteriorParameters.of(h, networks.architecture());
      return q.mean().concat(q.marginalLogVariance(networks.architecture()), 1).toFloatArray();
    }
  }

  /** p(x|z) heads of each z: {@code [rows, headWidth]}. */
  float[] generate(float[] z, int rows) {
    try (NDManager m = manager.newSubManager()) {
      NDArray input = m.create(z, new Shape(rows, latent));
      return networks.generative().forward(new ParameterStore(m, false), new NDList(input), false)
          .singletonOrThrow().toFloatArray();
    }
  }
}
