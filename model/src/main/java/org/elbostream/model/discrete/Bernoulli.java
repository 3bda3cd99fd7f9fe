package org.elbostream.model.discrete;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Log-probabilities of independent Bernoulli units given their logits, for sigmoid belief networks. */
public final class Bernoulli {
  private Bernoulli() {}

  /** log prod_j p(x_j) = sum_j x_j eta_j - softplus(eta_j) over the last axis. */
  public static NDArray logProbability(NDArray logits, NDArray values) {
    return values.mul(logits).sub(Activation.softPlus(logits)).sum(new int[] {-1});
  }
}
