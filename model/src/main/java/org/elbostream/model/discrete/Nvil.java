package org.elbostream.model.discrete;

import static org.elbostream.model.net.EngineArrays.constant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Neural variational inference and learning (Mnih & Gregor 2014) for discrete latents h, which have
 * no reparameterisation: the recognition network learns from the score-function gradient
 * E_q[(l(x,h) - b(x)) grad log q(h|x)] with the learning signal l = log p(x,h) - log q(h|x), made
 * usable by the paper's three variance reductions:
 *
 * <ul>
 *   <li>a centring baseline c, the running mean of l;
 *   <li>an input-dependent baseline C_psi(x), a small network trained to predict l - c (its loss here);
 *   <li>variance normalisation: the centred signal divided by max(1, running standard deviation).
 * </ul>
 *
 * <p>A baseline that does not depend on h leaves the gradient unbiased, because E_q[grad log q] = 0;
 * the normalisation rescales it by a positive number, an adaptive learning rate. The generative
 * network's gradient is the plain E_q[grad log p(x,h)]. One object per training run: it carries the
 * running statistics.
 */
public final class Nvil {
  private final double decay;
  private double centre;
  private double variance;

  /** The paper's running averages, with decay 0.8, starting at c = 0 and variance 1. */
  public Nvil() {
    this(0.8, 0, 1);
  }

  /**
   * @param decay weight of the old value in each running average
   * @param centre c to start from
   * @param variance running variance of the centred signal to start from
   */
  public Nvil(double decay, double centre, double variance) {
    if (!(decay >= 0 && decay < 1)) {
      throw new IllegalArgumentException("decay must lie in [0, 1), got " + decay);
    }
    this.decay = decay;
    this.centre = centre;
    this.variance = variance;
  }

  /**
   * The losses of one batch, to minimise together.
   *
   * @param surrogate its gradient is minus the NVIL estimate for the generative and recognition
   *     parameters: -(log p(x,h) + A log q(h|x)), A the normalised centred signal held constant
   * @param baseline (l - c - C_psi(x))^2, the input-dependent baseline's regression loss
   * @param learningSignal {@code [N]} l(x,h) of each row, for monitoring (its mean is the ELBO)
   */
  public record Losses(NDArray surrogate, NDArray baseline, NDArray learningSignal) {}

  /**
   * @param logJoint {@code [N]} log p(x, h) at the sampled h
   * @param logPosterior {@code [N]} log q(h | x) at the same h
   * @param inputBaseline {@code [N]} C_psi(x)
   */
  public Losses losses(NDArray logJoint, NDArray logPosterior, NDArray inputBaseline) {
    NDManager m = logJoint.getManager();
    NDArray signal = logJoint.sub(logPosterior).stopGradient();
    NDArray centred = signal.sub(constant(m, centre)).sub(inputBaseline.stopGradient());
    NDArray normalised = centred.div(constant(m, Math.max(1, Math.sqrt(variance))));
    NDArray surrogate = logJoint.add(normalised.mul(logPosterior)).mean().neg();
    NDArray baseline = signal.sub(constant(m, centre)).sub(inputBaseline).square().mean();
    float[] l = signal.toFloatArray();
    float[] c = centred.toFloatArray();
    double meanSignal = 0;
    double meanSquare = 0;
    for (int i = 0; i < l.length; i++) {
      meanSignal += l[i] / l.length;
      meanSquare += (double) c[i] * c[i] / l.length;
    }
    centre = decay * centre + (1 - decay) * meanSignal;
    variance = decay * variance + (1 - decay) * meanSquare;
    return new Losses(surrogate, baseline, signal);
  }

  public double centre() {
    return centre;
  }

  public double variance() {
    return variance;
  }
}
