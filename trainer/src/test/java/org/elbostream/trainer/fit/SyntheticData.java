package org.elbostream.trainer.fit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.trainer.data.Table;

/**
 * Seeded sensor-like data: 8 channels driven by 2 hidden factors plus noise, and test rows with
 * planted anomalies (a spike in one channel that breaks its correlation with the others).
 */
final class SyntheticData {
  static final int D = 8;
  private static final double[][] LOADINGS = {
      {1.0, 0.2}, {0.8, -0.5}, {0.1, 1.0}, {-0.6, 0.7}, {0.5, 0.5}, {0.9, 0.0}, {0.0, -0.9}, {0.3, 0.3}};

  private SyntheticData() {}

  static double[] normal(SplittableRandom r) {
    double a = r.nextGaussian();
    double b = r.nextGaussian();
    double[] x = new double[D];
    for (int j = 0; j < D; j++) {
      x[j] = LOADINGS[j][0] * a + LOADINGS[j][1] * b + 0.1 * r.nextGaussian();
    }
    return x;
  }

  static Table normalTable(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(normal(r));
    }
    return new Table(Path.of("synthetic-normal"), FeatureSpec.numericColumns(D), rows);
  }

  /** Test rows; {@code labels[i]} is set for the planted anomalies (every 20th row). */
  /** Rows as a table of the synthetic columns. */
  static Table table(List<double[]> rows) {
    return new Table(Path.of("synthetic"), FeatureSpec.numericColumns(D), rows);
  }

  static List<double[]> testRows(int n, long seed, boolean[] labels) {
    SplittableRandom r = new SplittableRandom(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = normal(r);
      if (i % 20 == 0) {
        labels[i] = true;
        int j = r.nextInt(D);
        // A spike of 10 to 20 noise standard deviations in one channel, about one of the channel's
        // own standard deviations: invisible in that channel alone, it breaks the correlations.
        x[j] += (r.nextBoolean() ? 1 : -1) * (1.0 + r.nextDouble());
      }
      rows.add(x);
    }
    return rows;
  }
}
