package org.elbostream.model.scoring;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
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
  private final float minLogVariance;
  private final long[] headSplits;
  private final long[] valueSplits;

  public VariationalBound(VaeNetworks networks) {
    this.networks = networks;
    this.layout = networks.layout();
    this.latent = networks.architecture().latentDim();
    this.minLogVariance = (float) networks.architecture().minLogVariance();
    List<Integer> heads = new ArrayList<>();
    List<Integer> targets = new ArrayList<>();
    if (layout.gaussianCount() > 0) {
      heads.add(layout.gaussianCount());
      heads.add(layout.gaussianCount());
      targets.add(layout.gaussianCount());
    }
    if (layout.bernoulliCount() > 0) {
      heads.add(layout.bernoulliCount());
      targets.add(layout.bernoulliCount());
    }
    for (int j : layout.categoricalFeatures()) {
      int k = layout.spec().features().get(j).categories().size();
      heads.add(k);
      targets.add(k);
    }
    this.headSplits = splits(heads);
    this.valueSplits = splits(targets);
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
    NDArray input = engineCopy(manager, batch.recognitionInput(), new Shape(n, layout.recognitionInputWidth()));
    NDArray h = networks.recognition().forward(parameters, new NDList(input), training).singletonOrThrow();
    PosteriorParameters q = PosteriorParameters.of(h, networks.architecture());
    NDArray e = engineCopy(manager, eps, new Shape(n, samples, latent));
    NDArray half = constant(manager, 0.5f);
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
          .add(constant(manager, (float) (0.5 * latent * LOG_2PI))).neg().sub(logQ);
    } else {
      NDArray logVar = q.logScale();
      z = q.mean().expandDims(1).add(logVar.mul(half).exp().expandDims(1).mul(e));
      kl = q.mean().square().add(logVar.exp()).sub(constant(manager, 1f)).sub(logVar).sum(new int[] {1}).mul(half);
    }
    NDArray out = networks.generative()
        .forward(parameters, new NDList(z.reshape(n * (long) samples, latent)), training)
        .singletonOrThrow()
        .reshape(n, samples, layout.headWidth());
    NDArray values = engineCopy(manager, batch.values(), new Shape(n, 1, layout.inputWidth()));
    NDArray mask = engineCopy(manager, batch.mask(), new Shape(n, 1, layout.featureCount()));

    NDArray fieldNll = fieldNll(manager, out, values, half).mul(mask);
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

  /**
   * A scalar made by the engine. Not {@code array.mul(0.5f)}: DJL turns a Java number into a tensor
   * over a Java buffer and drops the buffer when the call returns, but autograd keeps that tensor for
   * the backward pass, which then reads memory the garbage collector may have freed — a training run
   * that does not repeat, or NaN.
   */
  private static NDArray constant(NDManager manager, float value) {
    return manager.full(new Shape(1), value);
  }

  /**
   * The data copied into engine-allocated memory. An array created from Java data wraps a Java
   * buffer; autograd may keep the tensor for the backward pass, which must not depend on when the
   * garbage collector frees that buffer (see {@link #constant}).
   */
  private static NDArray engineCopy(NDManager manager, float[] data, Shape shape) {
    try (NDArray wrapped = manager.create(data, shape)) {
      return wrapped.duplicate();
    }
  }

  /**
   * {@code [N, S, F]} -log p(x_j | z) of every field, observed or not (the caller masks). Heads are
   * cut with split rather than index slicing: its backward is a plain concatenation, which keeps
   * multi-threaded training bit-for-bit reproducible.
   */
  private NDArray fieldNll(NDManager manager, NDArray out, NDArray values, NDArray half) {
    int g = layout.gaussianCount();
    int b = layout.bernoulliCount();
    int[] categorical = layout.categoricalFeatures();
    NDList heads = out.split(headSplits, 2);
    NDList targets = values.split(valueSplits, 2);
    List<NDArray> parts = new ArrayList<>();
    int head = 0;
    int target = 0;
    if (g > 0) {
      NDArray mu = heads.get(head++);
      // Smooth floor: log-variance never drops below minLogVariance, gradients never vanish at it.
      NDArray floor = constant(manager, minLogVariance);
      NDArray logVar = Activation.softPlus(heads.get(head++).sub(floor)).add(floor);
      NDArray x = targets.get(target++);
      parts.add(x.sub(mu).square().mul(logVar.neg().exp()).add(logVar).add(constant(manager, (float) LOG_2PI)).mul(half));
    }
    if (b > 0) {
      NDArray logits = heads.get(head++);
      NDArray x = targets.get(target++);
      parts.add(Activation.softPlus(logits).sub(x.mul(logits)));
    }
    for (int k = 0; k < categorical.length; k++) {
      NDArray logits = heads.get(head++);
      NDArray oneHot = targets.get(target++);
      parts.add(logits.logSoftmax(-1).mul(oneHot).sum(new int[] {2}, true).neg());
    }
    return parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 2);
  }

  private static NDList byLayer(NDArray array, long[] splits, int axis) {
    return splits.length == 0 ? new NDList(array) : array.split(splits, axis);
  }

  /** Split points along the last axis: after each group of heads (or of target columns). */
  private static long[] splits(List<Integer> widths) {
    List<Long> points = new ArrayList<>();
    long at = 0;
    for (int i = 0; i < widths.size() - 1; i++) {
      at += widths.get(i);
      points.add(at);
    }
    return points.stream().mapToLong(Long::longValue).toArray();
  }
}
