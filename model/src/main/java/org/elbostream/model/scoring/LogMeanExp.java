package org.elbostream.model.scoring;

import java.util.Arrays;

/**
 * Per-row log((1/K) sum_k exp(w_k)) over log-weights that arrive in chunks, in double precision with
 * a running maximum, so an importance-sampling estimate over thousands of samples never holds them
 * all and never overflows.
 */
public final class LogMeanExp {
  private final double[] max;
  private final double[] sum;
  private long count;

  public LogMeanExp(int rows) {
    max = new double[rows];
    sum = new double[rows];
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
  }

  /** Adds a chunk of S log-weights per row, row-major {@code [rows, S]}, for rows from {@code first}. */
  public void add(float[] logWeights, int first, int rows, int samples) {
    for (int i = 0; i < rows; i++) {
      int row = first + i;
      for (int k = 0; k < samples; k++) {
        double w = logWeights[i * samples + k];
        if (w > max[row]) {
          sum[row] = sum[row] * StrictMath.exp(max[row] - w) + 1;
          max[row] = w;
        } else {
          sum[row] += StrictMath.exp(w - max[row]);
        }
      }
    }
  }

  /** The estimate for each row after {@code samples} log-weights were added to it. */
  public double[] result(long samples) {
    double logSamples = StrictMath.log(samples);
    double[] out = new double[max.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = max[i] + StrictMath.log(sum[i]) - logSamples;
    }
    return out;
  }
}
