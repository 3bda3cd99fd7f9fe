package org.elbostream.model.imputation;

import java.util.Arrays;
import org.elbostream.model.feature.Likelihood;

/**
 * Collects, for one record, what a sampler learns about each missing field: p(x_j|z)'s moments (or
 * probabilities) averaged over the z visited, with weights — the Rao-Blackwellised estimate, less
 * noisy than averaging the draws — and the draws themselves for the 90 % interval.
 */
final class FieldDraws {
  private final Heads heads;
  private final double[] row;
  private final double[] weightedMean;
  private final double[] weightedSecond;
  private final double[][] weightedProbability;
  private final double[][] draws;
  private final int[] drawCount;
  private double weight;

  FieldDraws(Heads heads, double[] row, int maxDraws) {
    this.heads = heads;
    this.row = row;
    int f = row.length;
    weightedMean = new double[f];
    weightedSecond = new double[f];
    weightedProbability = new double[f][];
    draws = new double[f][];
    drawCount = new int[f];
    for (int j = 0; j < f; j++) {
      if (Double.isNaN(row[j])) {
        draws[j] = new double[maxDraws];
        if (!heads.kind(j).numeric()) {
          weightedProbability[j] = new double[heads.symbols(j)];
        }
      }
    }
  }

  /** Adds p(x_mis | z) of the head at {@code at}, with weight {@code w}. */
  void addMoments(float[] h, int at, double w) {
    weight += w;
    for (int j = 0; j < row.length; j++) {
      if (!Double.isNaN(row[j])) {
        continue;
      }
      if (heads.kind(j).numeric()) {
        double mean = heads.mean(h, at, j);
        weightedMean[j] += w * mean;
        weightedSecond[j] += w * (heads.variance(h, at, j) + mean * mean);
      } else {
        for (int k = 0; k < weightedProbability[j].length; k++) {
          weightedProbability[j][k] += w * heads.probability(h, at, j, k);
        }
      }
    }
  }

  void addDraw(int j, double value) {
    draws[j][drawCount[j]++] = value;
  }

  /** Every feature: observed ones as they were, missing ones estimated. */
  FieldEstimate[] finish(int samples) {
    FieldEstimate[] out = new FieldEstimate[row.length];
    for (int j = 0; j < row.length; j++) {
      if (!Double.isNaN(row[j])) {
        out[j] = FieldEstimate.observed(row[j]);
      } else if (heads.kind(j).numeric()) {
        double mean = weightedMean[j] / weight;
        double variance = Math.max(0, weightedSecond[j] / weight - mean * mean);
        double[] sorted = Arrays.copyOf(draws[j], drawCount[j]);
        Arrays.sort(sorted);
        out[j] = new FieldEstimate(mean, Math.sqrt(variance), Double.NaN, samples, quantile(sorted, 0.05),
            quantile(sorted, 0.95));
      } else {
        double[] p = weightedProbability[j];
        int best = 0;
        for (int k = 1; k < p.length; k++) {
          if (p[k] > p[best]) {
            best = k;
          }
        }
        double q = p[best] / weight;
        double spread = heads.kind(j) == Likelihood.BERNOULLI ? Math.sqrt(q * (1 - q)) : 1 - q;
        out[j] = new FieldEstimate(best, spread, q, samples);
      }
    }
    return out;
  }

  /** The empirical quantile (linear between order statistics). */
  private static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double at = q * (sorted.length - 1);
    int lo = (int) Math.floor(at);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
  }
}
