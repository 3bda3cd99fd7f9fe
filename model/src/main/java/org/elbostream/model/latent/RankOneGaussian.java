package org.elbostream.model.latent;

import static org.elbostream.model.net.EngineArrays.constant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The recognition model's rank-one-plus-diagonal Gaussian of Rezende, Mohamed & Wierstra (2014,
 * section 4.3): N(mean, C) with the precision C^-1 = D + u u' for a positive diagonal D and a vector
 * u, so the posterior can tilt along one direction at O(d) cost. Every operation here is O(d) per
 * row, never a d x d matrix:
 *
 * <ul>
 *   <li>sampling by the paper's factor R with R R' = C: R e = D^-1/2 e - g D^-1 u (u' D^-1/2 e),
 *       g = eta / (1 + sqrt(eta)), eta = 1 / (1 + u' D^-1 u). The paper writes g as
 *       (1 - sqrt(eta)) / (u' D^-1 u); the two are equal, and this one stays finite as u goes to 0;
 *   <li>log det C = log eta - sum log D;
 *   <li>KL(N(mean, C) || N(0, I)) = (tr C + |mean|^2 - d - log det C) / 2, with tr C = sum 1/D -
 *       eta sum u^2 / D^2 (Sherman-Morrison);
 *   <li>log N(z; mean, C), whose quadratic form is sum D (z - mean)^2 + (u' (z - mean))^2.
 * </ul>
 *
 * <p>D is given by its logarithm, as a network emits it. Shapes: mean, logD and u are
 * {@code [N, L]}; noise and samples {@code [N, S, L]}. Only engine arithmetic: these terms are
 * differentiated, and constants come from the engine (see EngineArrays#constant).
 */
public final class RankOneGaussian {
  private static final double LOG_2PI = StrictMath.log(2 * StrictMath.PI);

  private RankOneGaussian() {}

  /** {@code [N, S, L]} z = mean + R e for standard normal e {@code [N, S, L]}. */
  public static NDArray sample(NDArray mean, NDArray logD, NDArray u, NDArray noise) {
    NDManager m = mean.getManager();
    NDArray invSqrtD = logD.mul(constant(m, -0.5)).exp().expandDims(1); // [N, 1, L]
    NDArray invD = logD.neg().exp();
    NDArray eta = eta(logD, u); // [N]
    NDArray g = eta.div(eta.sqrt().add(constant(m, 1))); // [N]
    NDArray whitened = noise.mul(invSqrtD); // D^-1/2 e, [N, S, L]
    NDArray projection = whitened.mul(u.expandDims(1)).sum(new int[] {2}, true); // u' D^-1/2 e, [N, S, 1]
    NDArray direction = invD.mul(u).mul(g.expandDims(1)).expandDims(1); // g D^-1 u, [N, 1, L]
    return mean.expandDims(1).add(whitened).sub(projection.mul(direction));
  }

  /** {@code [N]} log det C. */
  public static NDArray logDeterminant(NDArray logD, NDArray u) {
    return eta(logD, u).log().sub(logD.sum(new int[] {1}));
  }

  /** {@code [N]} KL(N(mean, C) || N(0, I)), analytic. */
  public static NDArray klFromStandardNormal(NDArray mean, NDArray logD, NDArray u) {
    NDManager m = mean.getManager();
    NDArray invD = logD.neg().exp();
    NDArray trace = invD.sum(new int[] {1}).sub(eta(logD, u).mul(u.mul(invD).square().sum(new int[] {1})));
    long d = mean.getShape().get(1);
    return trace.add(mean.square().sum(new int[] {1})).sub(constant(m, d)).sub(logDeterminant(logD, u))
        .mul(constant(m, 0.5));
  }

  /** {@code [N, S]} log N(z; mean, C) of samples z {@code [N, S, L]}. */
  public static NDArray logDensity(NDArray z, NDArray mean, NDArray logD, NDArray u) {
    NDManager m = mean.getManager();
    NDArray delta = z.sub(mean.expandDims(1));
    NDArray quadratic = delta.square().mul(logD.exp().expandDims(1)).sum(new int[] {2})
        .add(delta.mul(u.expandDims(1)).sum(new int[] {2}).square());
    long d = mean.getShape().get(1);
    NDArray normaliser = logDeterminant(logD, u).add(constant(m, d * LOG_2PI)).expandDims(1);
    return quadratic.add(normaliser).mul(constant(m, -0.5));
  }

  /** {@code [N, L]} the diagonal of C: 1/D - eta (u/D)^2. */
  public static NDArray marginalVariance(NDArray logD, NDArray u) {
    NDArray invD = logD.neg().exp();
    return invD.sub(u.mul(invD).square().mul(eta(logD, u).expandDims(1)));
  }

  /** {@code [N]} eta = 1 / (1 + u' D^-1 u). */
  private static NDArray eta(NDArray logD, NDArray u) {
    NDArray uInvDu = u.square().mul(logD.neg().exp()).sum(new int[] {1});
    return uInvDu.add(constant(u.getManager(), 1)).pow(constant(u.getManager(), -1));
  }
}
