package org.elbostream.model.threshold;

/**
 * A generalised Pareto distribution fitted by maximum likelihood to the excesses over a high
 * threshold (peaks over threshold, Pickands–Balkema–de Haan). The fit profiles the likelihood
 * over theta = shape / scale as in Grimshaw (1993): for fixed theta the best shape is
 * mean(log(1 + theta * y)), leaving a one-dimensional search.
 *
 * @param shape xi (gamma); 0 is the exponential tail
 * @param scale sigma
 */
public record GeneralizedPareto(double shape, double scale) {
  /** Below this shape the likelihood is irregular (unbounded as xi approaches -1); not searched. */
  private static final double MIN_SHAPE = -0.5;

  public static GeneralizedPareto fit(double[] excesses) {
    int n = excesses.length;
    if (n < 3) {
      throw new IllegalArgumentException("need at least 3 excesses to fit a tail, got " + n);
    }
    double mean = 0;
    double max = 0;
    for (double y : excesses) {
      if (!(y >= 0) || Double.isInfinite(y)) {
        throw new IllegalArgumentException("excesses must be finite and non-negative, got " + y);
      }
      mean += y / n;
      max = Math.max(max, y);
    }
    if (mean <= 0) {
      return new GeneralizedPareto(0, Double.MIN_NORMAL);
    }
    double bestTheta = 0;
    double best = -n * StrictMath.log(mean) - n; // exponential tail (theta -> 0)
    double[] grid = new double[400];
    for (int i = 0; i < 200; i++) {
      double u = StrictMath.pow(10, -6 + 6.0 * i / 199); // 1e-6 .. 1
      grid[i] = -(1 - u) / max;
      grid[200 + i] = StrictMath.pow(10, -4 + 7.0 * i / 199) / mean;
    }
    int bestIndex = -1;
    for (int i = 0; i < grid.length; i++) {
      double ll = profile(grid[i], excesses);
      if (ll > best) {
        best = ll;
        bestTheta = grid[i];
        bestIndex = i;
      }
    }
    if (bestIndex >= 0) {
      double lo = grid[Math.max(0, bestIndex - 1)];
      double hi = grid[Math.min(grid.length - 1, bestIndex + 1)];
      bestTheta = goldenMax(lo, hi, excesses, bestTheta, best);
    }
    if (bestTheta == 0) {
      return new GeneralizedPareto(0, mean);
    }
    double shape = meanLog(bestTheta, excesses);
    return new GeneralizedPareto(shape, shape / bestTheta);
  }

  private static double goldenMax(double lo, double hi, double[] y, double start, double startValue) {
    double phi = (Math.sqrt(5) - 1) / 2;
    double a = Math.min(lo, hi);
    double b = Math.max(lo, hi);
    double bestTheta = start;
    double best = startValue;
    for (int it = 0; it < 60; it++) {
      double c = b - phi * (b - a);
      double d = a + phi * (b - a);
      double fc = profile(c, y);
      double fd = profile(d, y);
      if (fc > best) {
        best = fc;
        bestTheta = c;
      }
      if (fd > best) {
        best = fd;
        bestTheta = d;
      }
      if (fc >= fd) {
        b = d;
      } else {
        a = c;
      }
    }
    return bestTheta;
  }

  private static double meanLog(double theta, double[] y) {
    double s = 0;
    for (double v : y) {
      s += StrictMath.log1p(theta * v);
    }
    return s / y.length;
  }

  /** Log-likelihood maximised over the scale for this theta; -inf where invalid. */
  private static double profile(double theta, double[] y) {
    if (theta == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double shape = meanLog(theta, y);
    double scale = shape / theta;
    if (!(scale > 0) || shape < MIN_SHAPE || Double.isNaN(shape)) {
      return Double.NEGATIVE_INFINITY;
    }
    int n = y.length;
    return -n * StrictMath.log(scale) - n * shape - n;
  }

  /** The excess whose survival probability is p. */
  public double quantileOfSurvival(double p) {
    if (shape == 0) {
      return -scale * StrictMath.log(p);
    }
    return scale / shape * (StrictMath.pow(p, -shape) - 1);
  }
}
