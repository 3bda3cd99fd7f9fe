package org.elbostream.model.scoring;

import static org.elbostream.model.net.EngineArrays.constant;
import static org.elbostream.model.net.EngineArrays.copy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.latent.PosteriorParameters;
import org.elbostream.model.latent.RankOneGaussian;
import org.elbostream.model.net.VaeNetworks;

/**
 * The evidence lower bound of a batch over its observed fields only: the per-field negative
 * log-likelihoods -log p(x_j|z) are multiplied by the observed mask, so a missing field is
 * marginalised out (it adds nothing) instead of being scored as a zero. One forward pass serves
 * training (loss, with gradients) and scoring (per-record, per-field terms).
 */
public final class VariationalBound {
  private static final double LOG_2PI = StrictMath.log(2 * Math.PI);
  private final VaeNetworks networks;
  private final FeatureLayout layout;
  private final int latent;
  private final FieldLikelihood likelihood;

  public VariationalBound(VaeNetworks networks) {
    this.networks = networks;
    this.layout = networks.layout();
    this.latent = networks.architecture().latentDim();
    this.likelihood = new FieldLikelihood(networks.heads());
  }

  public VaeNetworks networks() {
    return networks;
  }

  /**
   * Runs both networks on a batch.
   *
   * @param eps standard normal noise, {@code N * samples * latentDim} values, row-major
   *     {@code [N, S, L]}: the reparameterisation z = mean + std * eps
   */
  public BoundTerms forward(NDManager manager, ParameterStore parameters, FeatureLayout.Encoded batch,
      float[] eps, int samples, boolean training) {
    int n = batch.rows();
    NDArray input = copy(manager, batch.recognitionInput(), new Shape(n, layout.recognitionInputWidth()));
    int pastWidth = networks.pastWidth();
    NDArray past = pastWidth == 0 ? null : copy(manager, batch.past(), new Shape(n, pastWidth));
    if (past != null) {
      input = input.concat(past, 1);
    }
    NDArray h = networks.recognition().forward(parameters, new NDList(input), training).singletonOrThrow();
    PosteriorParameters q = PosteriorParameters.of(h, networks.architecture());
    NDArray e = copy(manager, eps, new Shape(n, samples, latent));
    NDArray half = constant(manager, 0.5);
    NDArray z;
    NDArray kl;
    NDArray logPriorOverPosterior = null; // [N, S] log p(z) - log q(z|x), for rank one
    if (q.rankOne()) {
      long[] layers = networks.architecture().layerSplits();
      NDList means = byLayer(q.mean(), layers, 1);
      NDList logD = byLayer(q.logScale(), layers, 1);
      NDList us = byLayer(q.u(), layers, 1);
      NDList noise = byLayer(e, layers, 2);
      NDList parts = new NDList();
      NDArray klSum = null;
      NDArray logQ = null;
      for (int i = 0; i < means.size(); i++) {
        NDArray zi = RankOneGaussian.sample(means.get(i), logD.get(i), us.get(i), noise.get(i));
        NDArray kli = RankOneGaussian.klFromStandardNormal(means.get(i), logD.get(i), us.get(i));
        NDArray logQi = RankOneGaussian.logDensity(zi, means.get(i), logD.get(i), us.get(i));
        parts.add(zi);
        klSum = klSum == null ? kli : klSum.add(kli);
        logQ = logQ == null ? logQi : logQ.add(logQi);
      }
      z = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 2);
      kl = klSum;
      logPriorOverPosterior = z.square().sum(new int[] {2}).mul(half)
          .add(constant(manager, 0.5 * latent * LOG_2PI)).neg().sub(logQ);
    } else {
      NDArray logVar = q.logScale();
      z = q.mean().expandDims(1).add(logVar.mul(half).exp().expandDims(1).mul(e));
      kl = q.mean().square().add(logVar.exp()).sub(constant(manager, 1)).sub(logVar).sum(new int[] {1}).mul(half);
    }
    // Every z sample of a record decodes with the record's own past.
    NDArray out = networks.decode(parameters, z.reshape(n * (long) samples, latent), past, samples, training)
        .reshape(n, samples, layout.headWidth());
    NDArray values = copy(manager, batch.values(), new Shape(n, 1, layout.inputWidth()));
    NDArray mask = copy(manager, batch.mask(), new Shape(n, 1, layout.featureCount()));

    NDArray fieldNll = likelihood.negativeLogLikelihood(manager, out, values).mul(mask);
    NDArray mean = q.mean();
    NDArray logVar = q.marginalLogVariance(networks.architecture());
    NDArray logWeight = q.rankOne() ? fieldNll.sum(new int[] {2}).neg().add(logPriorOverPosterior)
        // The 2 pi terms of log p(z) and log q(z|x) cancel; z - mean = std * e gives q's quadratic form.
        : fieldNll.sum(new int[] {2}).neg()
            .sub(z.square().sum(new int[] {2}).mul(half))
            .add(e.square().sum(new int[] {2}).mul(half))
            .add(logVar.sum(new int[] {1}, true).mul(half));
    return new BoundTerms(mean, logVar, fieldNll, kl, logWeight, out);
  }




  private static NDList byLayer(NDArray array, long[] splits, int axis) {
    return splits.length == 0 ? new NDList(array) : array.split(splits, axis);
  }

}
