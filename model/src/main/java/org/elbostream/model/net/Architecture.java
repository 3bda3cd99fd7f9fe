package org.elbostream.model.net;

import java.util.List;

/**
 * The shape of the model pair, stored in the bundle so inference rebuilds exactly the trained
 * networks. The recognition network maps {@code [values | mask]} through {@code hidden} layers to
 * the mean and log-variance of q(z|x); the generative network mirrors it from z to the likelihood
 * heads.
 *
 * @param latentDim dimension of z
 * @param hidden widths of the hidden layers of the recognition network (the generative network
 *     uses them in reverse order)
 * @param minLogVariance floor of every Gaussian feature's log-variance in normalised units: keeps a
 *     near-constant training feature from gaining an unbounded likelihood
 */
public record Architecture(int latentDim, List<Integer> hidden, double minLogVariance) {

  /** The default shape for tabular sensor data of a few dozen fields. */
  public static Architecture defaults() {
    return new Architecture(8, List.of(128, 64), StrictMath.log(0.01 * 0.01));
  }

  public Architecture {
    hidden = List.copyOf(hidden);
    if (latentDim < 1) {
      throw new IllegalArgumentException("latentDim must be at least 1, got " + latentDim);
    }
    if (hidden.stream().anyMatch(h -> h < 1)) {
      throw new IllegalArgumentException("hidden layer widths must be positive: " + hidden);
    }
    if (!Double.isFinite(minLogVariance)) {
      throw new IllegalArgumentException("minLogVariance must be finite");
    }
  }
}
