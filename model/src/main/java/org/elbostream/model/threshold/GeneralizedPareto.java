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
    return fit(excesses, new double[0]);
  }

  /**
   * The same fit with right-censored excesses: values known only to exceed {@code censored[j]}.
   * Each adds log S(c) to the likelihood, and the profile keeps its closed form: for fixed theta
   * the best shape is (sum log(1 + theta y) + sum log(1 + theta c)) / n.
   */
  public static GeneralizedPareto fit(double[] excesses, double[] censored) {
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
    for (double c : censored) {
      if (!(c >= 0) || Double.isInfinite(c)) {
        throw new IllegalArgumentException("censoring points must be finite and non-negative, got " + c);
      }
      max = Math.max(max, c);
    }
    if (mean <= 0) {
      return new GeneralizedPareto(0, Double.MIN_NORMAL);
    }
    double bestTheta = 0;
    // The exponential tail (theta -> 0), whose scale is the mean excess, censored ones counted.
    double best = censored.length == 0 ? -n * StrictMath.log(mean) - n
        : -n * StrictMath.log((sum(excesses) + sum(censored)) / n) - n;
    double[] grid = new double[400];
    for (int i = 0; i < 200; i++) {
      double u = StrictMath.pow(10, -6 + 6.0 * i / 199); // 1e-6 .. 1
      grid[i] = -(1 - u) / max;
      grid[200 + i] = StrictMath.pow(10, -4 + 7.0 * i / 199) / mean;
    }
    int bestIndex = -1;
    for (int i = 0; i < grid.length; i++) {
      double ll = profile(grid[i], excesses, censored);
      if (ll > best) {
        best = ll;
        bestTheta = grid[i];
        bestIndex = i;
      }
    }
    if (bestIndex >= 0) {
      double lo = grid[Math.max(0, bestIndex - 1)];
      double hi = grid[Math.min(grid.length - 1, bestIndex + 1)];
      bestTheta = goldenMax(lo, hi, excesses, censored, bestTheta, best);
    }
    if (bestTheta == 0) {
      return new GeneralizedPareto(0, censored.length == 0 ? mean : (sum(excesses) + sum(censored)) / n);
    }
    double shape = censored.length == 0 ? sumLog(bestTheta, excesses) / n
        : (sumLog(bestTheta, excesses) + sumLog(bestTheta, censored)) / n;
    return new GeneralizedPareto(shape, shape / bestTheta);
  }

  private static double goldenMax(double lo, double hi, double[] y, double[] censored, double start,
      double startValue) {
    double phi = (Math.sqrt(5) - 1) / 2;
    double a = Math.min(lo, hi);
    double b = Math.max(lo, hi);
    double bestTheta = start;
    double best = startValue;
    for (int it = 0; it < 60; it++) {
      double c = b - phi * (b - a);
      double d = a + phi * (b - a);
      double fc = profile(c, y, censored);
      double fd = profile(d, y, censored);
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

  private static double sumLog(double theta, double[] y) {
    double s = 0;
    for (double v : y) {
      s += StrictMath.log1p(theta * v);
    }
    return s;
  }

  private static double sum(double[] y) {
    double s = 0;
    for (double v : y) {
      s += v;
    }
    return s;
  }

  /**
   * Log-likelihood of the excesses y and the censored c, maximised over the scale for this theta;
   * -inf where invalid (theta 0, the exponential tail, is the fit's starting point).
   */
  private static double profile(double theta, double[] y, double[] censored) {
    int n = y.length;
    if (theta == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double logs = sumLog(theta, y);
    double shape = censored.length == 0 ? logs / n : (logs + sumLog(theta, censored)) / n;
    double scale = shape / theta;
    if (!(scale > 0) || shape < MIN_SHAPE || Double.isNaN(shape)) {
      return Double.NEGATIVE_INFINITY;
    }
    // Without censoring, logs = n * shape: the form the fit has always summed.
    return censored.length == 0 ? -n * StrictMath.log(scale) - n * shape - n
        : -n * StrictMath.log(scale) - n - logs;
  }

  /** The excess whose survival probability is p. */
  public double quantileOfSurvival(double p) {
    if (shape == 0) {
      return -scale * StrictMath.log(p);
    }
    return scale / shape * (StrictMath.pow(p, -shape) - 1);
  }
}
