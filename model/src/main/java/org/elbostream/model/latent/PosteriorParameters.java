package org.elbostream.model.latent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.elbostream.model.net.Architecture;

/**
 * q(z|x) as the recognition network emits it, cut into its parts: the mean, and either the
 * log-variance (diagonal posterior) or the log of the precision's diagonal D plus the vector u (the
 * rank-one-plus-diagonal posterior, see {@link RankOneGaussian}). Read here once, for the bound and
 * for the samplers alike.
 *
 * @param mean {@code [N, L]}
 * @param logScale {@code [N, L]}: log-variance for DIAGONAL, log D for RANK_ONE; clipped
 * @param u {@code [N, L]} for RANK_ONE, else null
 */
public record PosteriorParameters(NDArray mean, NDArray logScale, NDArray u) {
  /**
   * Bounds of q(z|x)'s log-variance: a posterior wider than std e^2 ~ 7.4 under an N(0, 1) prior,
   * or narrower than e^-6, is never useful, and the clip keeps a wild record from blowing up z. The
   * rank-one posterior's log D is clipped to the same range negated.
   */
  public static final float MIN_LOG_VARIANCE = -12f;
  public static final float MAX_LOG_VARIANCE = 4f;

  /** Splits the recognition network's output {@code [N, P * L]}. */
  public static PosteriorParameters of(NDArray recognitionOutput, Architecture architecture) {
    if (architecture.covariance() == Architecture.Posterior.RANK_ONE) {
      NDList thirds = recognitionOutput.split(3, 1);
      return new PosteriorParameters(thirds.get(0), thirds.get(1).clip(-MAX_LOG_VARIANCE, -MIN_LOG_VARIANCE),
          thirds.get(2));
    }
    NDList halves = recognitionOutput.split(2, 1);
    return new PosteriorParameters(halves.get(0), halves.get(1).clip(MIN_LOG_VARIANCE, MAX_LOG_VARIANCE), null);
  }

  public boolean rankOne() {
    return u != null;
  }

  /**
   * {@code [N, L]} log of each coordinate's marginal variance: the log-variance itself, or for rank
   * one log(1/D - eta (u/D)^2), the diagonal of C = (D + u u')^-1 within each stochastic layer.
   */
  public NDArray marginalLogVariance(Architecture architecture) {
    if (!rankOne()) {
      return logScale;
    }
    long[] points = architecture.layerSplits();
    NDList d = logScale.split(points, 1);
    NDList us = u.split(points, 1);
    NDList out = new NDList();
    for (int i = 0; i < d.size(); i++) {
      out.add(RankOneGaussian.marginalVariance(d.get(i), us.get(i)).log());
    }
    return NDArrays.concat(out, 1);
  }
}
