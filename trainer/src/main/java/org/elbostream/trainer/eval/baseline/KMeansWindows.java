package org.elbostream.trainer.eval.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.Well19937c;
import org.elbostream.model.threshold.Thresholds;

/**
 * KMeansAD (Yairi et al. 2001; TSB-AD's tuned form): windows of consecutive rows flattened row by
 * row, k-means++ then Lloyd's iterations (Commons Math) on every {@code stride}-th training window,
 * the start with the lowest inertia kept; a window's score is its Euclidean distance to the nearest
 * centre, given to the window's newest row, which is what a stream knows when that row arrives.
 * (TSB-AD's own KMeansAD averages the scores of every window covering a row, which looks a window's
 * length into the future.) Rows before the first full window take the first window's score.
 */
public final class KMeansWindows implements Detector {
  private static final int MAX_ITERATIONS = 300;

  private final double[][] centres; // [k][window * d]
  private final int window;
  private final MeanFill fill;
  private final Thresholds thresholds;

  private KMeansWindows(double[][] centres, int window, MeanFill fill, List<double[]> train) {
    this.centres = centres;
    this.window = window;
    this.fill = fill;
    this.thresholds = Detector.calibrate(this, train);
  }

  public static KMeansWindows fit(List<double[]> train, BaselineSettings settings) {
    MeanFill fill = MeanFill.of(train);
    int w = settings.kmeansWindow();
    if (train.size() < w + 20) {
      throw new IllegalArgumentException("KMeansAD needs more training rows than its window of " + w
          + " (got " + train.size() + ")");
    }
    int d = train.get(0).length;
    List<DoublePoint> windows = new ArrayList<>();
    for (int end = w - 1; end < train.size(); end += settings.kmeansStride()) {
      double[] flat = new double[w * d];
      for (int r = 0; r < w; r++) {
        System.arraycopy(fill.apply(train.get(end - w + 1 + r)), 0, flat, r * d, d);
      }
      windows.add(new DoublePoint(flat));
    }
    int k = Math.min(settings.kmeansClusters(), windows.size());
    Well19937c random = new Well19937c(settings.seed());
    double bestInertia = Double.POSITIVE_INFINITY;
    List<CentroidCluster<DoublePoint>> best = null;
    for (int start = 0; start < settings.kmeansRestarts(); start++) {
      List<CentroidCluster<DoublePoint>> clusters = new KMeansPlusPlusClusterer<DoublePoint>(k, MAX_ITERATIONS,
          new EuclideanDistance(), random).cluster(windows);
      double inertia = 0;
      for (CentroidCluster<DoublePoint> c : clusters) {
        double[] centre = c.getCenter().getPoint();
        for (DoublePoint p : c.getPoints()) {
          inertia += squaredDistance(p.getPoint(), centre);
        }
      }
      if (inertia < bestInertia) {
        bestInertia = inertia;
        best = clusters;
      }
    }
    double[][] centres = best.stream().map(c -> c.getCenter().getPoint()).toArray(double[][]::new);
    return new KMeansWindows(centres, w, fill, train);
  }

  @Override
  public double[] score(List<double[]> rows, IntConsumer progress) {
    int n = rows.size();
    double[] scores = new double[n];
    if (n < window) {
      throw new IllegalArgumentException("KMeansAD needs at least " + window + " rows to score, got " + n);
    }
    double[][] filled = new double[n][];
    for (int i = 0; i < n; i++) {
      filled[i] = fill.apply(rows.get(i));
    }
    int d = filled[0].length;
    for (int end = window - 1; end < n; end++) {
      double nearest = Double.POSITIVE_INFINITY;
      for (double[] centre : centres) {
        double sum = 0;
        for (int r = 0; r < window && sum < nearest; r++) {
          double[] row = filled[end - window + 1 + r];
          for (int j = 0; j < d; j++) {
            double diff = row[j] - centre[r * d + j];
            sum += diff * diff;
          }
        }
        nearest = Math.min(nearest, sum);
      }
      scores[end] = Math.sqrt(nearest);
      progress.accept(end + 1);
    }
    for (int i = 0; i < window - 1; i++) {
      scores[i] = scores[window - 1];
    }
    return scores;
  }

  private static double squaredDistance(double[] a, double[] b) {
    double sum = 0;
    for (int j = 0; j < a.length; j++) {
      double diff = a[j] - b[j];
      sum += diff * diff;
    }
    return sum;
  }

  @Override
  public Thresholds thresholds() {
    return thresholds;
  }
}
