package org.elbostream.model.bayes;

/**
 * Settings of stochastic-gradient Hamiltonian Monte Carlo (Chen, Fox & Guestrin 2014), in the
 * paper's practical parametrisation: with v the momentum and U~ a mini-batch estimate of
 * -log p(theta | data),
 *
 * <pre>
 *   v     = (1 - friction) v - eta_t grad U~(theta) + N(0, 2 (friction - gradientNoise) eta_t)
 *   theta = theta + v
 * </pre>
 *
 * where eta_t = learningRate (1 + t / decaySteps)^-decayPower is the step-size schedule.
 *
 * @param learningRate eta_0, the squared step size of the Hamiltonian dynamics
 * @param friction alpha in (0, 1]: the momentum's decay per step, which the injected noise balances
 * @param gradientNoise beta-hat in [0, friction): an estimate of the mini-batch gradient's own noise,
 *     subtracted from the injected noise (0 is the usual choice for small learning rates)
 * @param decayPower gamma of the schedule; 0 keeps the learning rate constant
 * @param decaySteps tau of the schedule, in steps
 * @param burnIn steps discarded before the first sample
 * @param thinning steps between kept samples
 * @param samples M, the samples kept
 */
public record SghmcOptions(double learningRate, double friction, double gradientNoise, double decayPower,
    double decaySteps, int burnIn, int thinning, int samples) {

  public SghmcOptions {
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
    }
    if (!(friction > 0 && friction <= 1)) {
      throw new IllegalArgumentException("friction must lie in (0, 1], got " + friction);
    }
    if (!(gradientNoise >= 0 && gradientNoise < friction)) {
      throw new IllegalArgumentException("gradientNoise must lie in [0, friction), got " + gradientNoise);
    }
    if (!(decayPower >= 0) || !(decaySteps > 0)) {
      throw new IllegalArgumentException("decayPower must be >= 0 and decaySteps > 0");
    }
    if (burnIn < 0 || thinning < 1 || samples < 1) {
      throw new IllegalArgumentException("burnIn must be >= 0, thinning and samples >= 1");
    }
  }

  /** eta_t at step t (0-based). */
  public double learningRate(long step) {
    return learningRate * StrictMath.pow(1 + step / decaySteps, -decayPower);
  }

  /** Steps the chain runs: burn-in, then thinning steps per kept sample. */
  public long totalSteps() {
    return burnIn + (long) thinning * samples;
  }
}
