package org.elbostream.model.imputation;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.feature.Likelihood;
import org.elbostream.model.feature.StudentT;
import org.elbostream.model.net.OutputHeads;
import org.elbostream.model.noise.RecordNoise;

/**
 * Reads the generative network's output for one z on the JVM: log p(x_j|z) of a value, a draw of
 * x_j, and p(x_j|z)'s moments, in raw units. The densities are the bound's (the same soft floor
 * under a number's log-variance), computed with StrictMath so that a seed gives the same chain
 * before and after the JIT compiles this code.
 */
final class Heads {
  private static final double LOG_2PI = StrictMath.log(2 * Math.PI);
  private final List<FieldSpec> features;
  private final OutputHeads columns;

  Heads(OutputHeads columns) {
    this.features = columns.layout().spec().features();
    this.columns = columns;
  }

  int width() {
    return columns.width();
  }

  Likelihood kind(int j) {
    return columns.kind(j);
  }

  /** log p(x_j = raw | z) for the head starting at {@code at}. */
  double logDensity(float[] heads, int at, int j, double raw) {
    return switch (columns.kind(j)) {
      case GAUSSIAN, STUDENT_T, LOG_NORMAL -> {
        FieldSpec f = features.get(j);
        double x = f.normalise(raw);
        double mu = heads[at + columns.column(j)];
        double logVar = logVariance(heads[at + columns.varianceColumn(j)]);
        double r2 = (x - mu) * (x - mu) * StrictMath.exp(-logVar);
        // The density of the normalised value, as the bound scores it.
        yield columns.kind(j) == Likelihood.STUDENT_T ? StudentT.logDensity(r2, logVar)
            : -0.5 * (r2 + logVar + LOG_2PI);
      }
      case POISSON -> {
        double logRate = columns.logRate(heads, at, j);
        yield raw * logRate - StrictMath.exp(logRate) - Gamma.logGamma(raw + 1);
      }
      case BERNOULLI -> {
        double logit = heads[at + columns.column(j)];
        yield raw * logit - softPlus(logit);
      }
      case CATEGORICAL -> {
        int symbols = features.get(j).categories().size();
        yield heads[at + columns.column(j) + (int) raw] - logSumExp(heads, at + columns.column(j), symbols);
      }
      case ORDINAL -> StrictMath.log(columns.ordinalProbabilities(heads, at, j)[(int) raw]);
    };
  }

  /** A draw of x_j from p(x_j|z), raw units. */
  double draw(float[] heads, int at, int j, SplittableRandom random) {
    return switch (columns.kind(j)) {
      case GAUSSIAN, STUDENT_T, LOG_NORMAL -> {
        double mu = heads[at + columns.column(j)];
        double sd = StrictMath.exp(0.5 * logVariance(heads[at + columns.varianceColumn(j)]));
        FieldSpec f = features.get(j);
        double noise = columns.kind(j) == Likelihood.STUDENT_T ? StudentT.draw(random) : RecordNoise.gaussian(random);
        double y = f.offset() + f.scale() * (mu + sd * noise);
        yield columns.kind(j) == Likelihood.LOG_NORMAL ? Math.max(0, Math.min(Double.MAX_VALUE, StrictMath.expm1(y))) : y;
      }
      case POISSON -> poisson(StrictMath.exp(columns.logRate(heads, at, j)), random);
      case BERNOULLI -> random.nextDouble() < probability(heads, at, j, 1) ? 1 : 0;
      case CATEGORICAL, ORDINAL -> {
        int symbols = features.get(j).categories().size();
        double u = random.nextDouble();
        double cumulative = 0;
        int k = 0;
        for (; k < symbols - 1; k++) {
          cumulative += probability(heads, at, j, k);
          if (u < cumulative) {
            break;
          }
        }
        yield k;
      }
    };
  }

  /**
   * Mean of a number x_j given z, raw units: a log-normal's e^(m + s^2/2) - 1 with m and s the
   * location and scale of log(1 + x), at most the training maximum; a count's rate.
   */
  double mean(float[] heads, int at, int j) {
    FieldSpec f = features.get(j);
    return switch (columns.kind(j)) {
      case LOG_NORMAL -> {
        // e^(s^2/2) explodes for a z far from the data, whose head is wide: no estimate is allowed
        // past the largest value training saw.
        double m = f.offset() + f.scale() * heads[at + columns.column(j)];
        yield Math.min(StrictMath.exp(m + 0.5 * logScaleVariance(heads, at, j)) - 1, f.raw(1));
      }
      case POISSON -> StrictMath.exp(columns.logRate(heads, at, j));
      default -> f.offset() + f.scale() * heads[at + columns.column(j)];
    };
  }

  /** Variance of a number x_j given z, raw units. */
  double variance(float[] heads, int at, int j) {
    return switch (columns.kind(j)) {
      case LOG_NORMAL -> {
        FieldSpec f = features.get(j);
        double m = f.offset() + f.scale() * heads[at + columns.column(j)];
        double s2 = logScaleVariance(heads, at, j);
        double cap = f.raw(1); // as the mean's
        yield Math.min(StrictMath.expm1(s2) * StrictMath.exp(2 * m + s2), cap * cap);
      }
      case POISSON -> StrictMath.exp(columns.logRate(heads, at, j));
      default -> columns.kind(j).varianceFactor() * logScaleVariance(heads, at, j);
    };
  }

  /** The variance of a number's head in raw units (of log(1 + x) for a log-normal one). */
  private double logScaleVariance(float[] heads, int at, int j) {
    double scale = features.get(j).scale();
    return scale * scale * StrictMath.exp(logVariance(heads[at + columns.varianceColumn(j)]));
  }

  /** p(x_j = value | z) of a boolean (value 0 or 1), categorical or ordinal (symbol index) field. */
  double probability(float[] heads, int at, int j, int value) {
    if (columns.kind(j) == Likelihood.BERNOULLI) {
      double p = 1 / (1 + StrictMath.exp(-heads[at + columns.column(j)]));
      return value == 1 ? p : 1 - p;
    }
    if (columns.kind(j) == Likelihood.ORDINAL) {
      return columns.ordinalProbabilities(heads, at, j)[value];
    }
    int symbols = features.get(j).categories().size();
    return StrictMath.exp(heads[at + columns.column(j) + value] - logSumExp(heads, at + columns.column(j), symbols));
  }

  /**
   * A Poisson draw by inversion of its distribution from 0: exact, and quick at a table's rates.
   * Above a rate of 500, where e^-rate nears the smallest double, the normal approximation (rounded,
   * at least 0), which is then within a few per cent of the exact quantiles.
   */
  static long poisson(double rate, SplittableRandom random) {
    if (rate > 500) {
      return Math.max(0, Math.round(rate + Math.sqrt(rate) * RecordNoise.gaussian(random)));
    }
    double u = random.nextDouble();
    double p = StrictMath.exp(-rate);
    double cumulative = p;
    long k = 0;
    while (u > cumulative && p > 0) {
      k++;
      p *= rate / k;
      cumulative += p;
    }
    return k;
  }

  int symbols(int j) {
    return columns.symbols(j);
  }

  /** The bound's floored log-variance of a number's head. */
  private double logVariance(double raw) {
    return columns.logVariance(raw);
  }

  private static double softPlus(double x) {
    return x > 30 ? x : StrictMath.log1p(StrictMath.exp(x));
  }

  private static double logSumExp(float[] v, int from, int count) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < count; k++) {
      max = Math.max(max, v[from + k]);
    }
    double sum = 0;
    for (int k = 0; k < count; k++) {
      sum += StrictMath.exp(v[from + k] - max);
    }
    return max + StrictMath.log(sum);
  }
}
