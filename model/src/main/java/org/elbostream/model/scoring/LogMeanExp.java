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

  /**
   * How an estimate over {@code samples} importance samples per row is cut into forward passes:
   * {@code rows} rows at a time, {@code samples} of their samples per pass, so no pass draws more
   * than {@link #SAMPLES_PER_PASS} latent samples and the memory of one pass stays bounded.
   */
  public record Chunks(int rows, int samples) {
    public static final int SAMPLES_PER_PASS = 16_384;

    public static Chunks of(int rows, int samples) {
      int rowsPerBatch = Math.max(1, Math.min(rows, SAMPLES_PER_PASS / Math.min(samples, SAMPLES_PER_PASS)));
      return new Chunks(rowsPerBatch, Math.min(samples, Math.max(1, SAMPLES_PER_PASS / rowsPerBatch)));
    }
  }

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
