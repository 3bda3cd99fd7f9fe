package org.elbostream.model.scoring;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The pieces of the variational bound for one batch of N records and S samples of z each.
 *
 * @param mean {@code [N, L]} mean of q(z|x)
 * @param logVariance {@code [N, L]} log-variance of q(z|x)
 * @param fieldNll {@code [N, S, F]} -log p(x_j|z_s) per observed field (0 where missing), group order
 * @param kl {@code [N]} KL(q(z|x) || p(z)), analytic
 * @param logWeight {@code [N, S]} log p(x_o, z_s) - log q(z_s|x): the importance weights' logs
 * @param head {@code [N, S, H]} the generative network's output for each z sample: the parameters of
 *     p(x|z_s) (see {@link org.elbostream.model.feature.FeatureLayout})
 */
public record BoundTerms(NDArray mean, NDArray logVariance, NDArray fieldNll, NDArray kl, NDArray logWeight,
    NDArray head) {

  /** {@code [N]} negative ELBO: expected field NLL over the samples plus KL. */
  public NDArray negativeElbo() {
    return fieldNll.sum(new int[] {2}).mean(new int[] {1}).add(kl);
  }

  /**
   * {@code [N]} negative importance-weighted bound -log (1/S) sum_s w_s, tighter than the ELBO; also a
   * training loss (MIWAE), so its constant is made by the engine (see EngineArrays#constant).
   */
  public NDArray negativeImportanceWeightedBound() {
    int samples = (int) logWeight.getShape().get(1);
    NDArray max = logWeight.max(new int[] {1}, true).stopGradient();
    NDArray logSumExp = logWeight.sub(max).exp().sum(new int[] {1}).log().add(max.squeeze(1));
    NDArray logSamples = logWeight.getManager().full(new Shape(1), (float) StrictMath.log(samples));
    return logSumExp.sub(logSamples).neg();
  }
}
