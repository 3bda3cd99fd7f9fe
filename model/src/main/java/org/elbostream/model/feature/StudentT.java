package org.elbostream.model.feature;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;
import org.elbostream.model.noise.RecordNoise;

/**
 * Student's t with location mu, scale sigma and a fixed {@value #DEGREES_OF_FREEDOM} degrees of
 * freedom, the robust likelihood of a number: the one place that holds its constants, for the bound
 * (in the engine) and the samplers (on the JVM) alike.
 *
 * <p>With r the standardised residual (x - mu) / sigma, -log p = -{@link #LOG_NORMALISER} + log sigma
 * + (nu + 1) / 2 log(1 + r^2 / nu). Where a Gaussian charges r^2 / 2, so that a field whose training
 * spread was a hundredth of its range charges 1250 nats for a drift of half the range, the t charges
 * about (nu + 1) / 2 log(r^2 / nu): 16 nats. Four degrees of freedom keep a finite variance (which
 * the posterior predictive's spread needs) and a chi-square of whole exponentials to draw from.
 */
public final class StudentT {
  public static final double DEGREES_OF_FREEDOM = 4;
  /** log Gamma((nu + 1) / 2) - log Gamma(nu / 2) - log(nu pi) / 2. */
  public static final double LOG_NORMALISER = Gamma.logGamma((DEGREES_OF_FREEDOM + 1) / 2)
      - Gamma.logGamma(DEGREES_OF_FREEDOM / 2) - 0.5 * StrictMath.log(DEGREES_OF_FREEDOM * Math.PI);
  /** The variance of the t over its squared scale, nu / (nu - 2). */
  public static final double VARIANCE_FACTOR = DEGREES_OF_FREEDOM / (DEGREES_OF_FREEDOM - 2);

  private StudentT() {}

  /** log p(x) of a value whose standardised residual squared is {@code r2}, with log sigma^2 {@code logVar}. */
  public static double logDensity(double r2, double logVar) {
    return LOG_NORMALISER - 0.5 * logVar - 0.5 * (DEGREES_OF_FREEDOM + 1) * StrictMath.log1p(r2 / DEGREES_OF_FREEDOM);
  }

  /**
   * A standard t draw: a standard normal over the root of an independent chi-square over nu, the
   * chi-square of an even nu a sum of nu / 2 exponentials.
   */
  public static double draw(SplittableRandom random) {
    double chiSquare = 0;
    for (int k = 0; k < DEGREES_OF_FREEDOM / 2; k++) {
      chiSquare -= 2 * StrictMath.log(1 - random.nextDouble());
    }
    return RecordNoise.gaussian(random) / StrictMath.sqrt(chiSquare / DEGREES_OF_FREEDOM);
  }
}
