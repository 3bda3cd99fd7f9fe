package org.elbostream.trainer.eval.baseline;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.elbostream.model.threshold.Thresholds;

/**
 * PCA as a detector: the leading principal components of the centred training rows (eigenvectors
 * of their covariance, Commons Math); a row's score is the squared distance between it and its
 * reconstruction from those components, the part of it the normal rows' main directions do not
 * explain. Each row is scored alone.
 */
public final class PcaDetector implements Detector {
  private final double[] mean;
  private final double[][] components; // [k][d], orthonormal
  private final MeanFill fill;
  private final Thresholds thresholds;

  private PcaDetector(double[] mean, double[][] components, MeanFill fill, List<double[]> train) {
    this.mean = mean;
    this.components = components;
    this.fill = fill;
    this.thresholds = Detector.calibrate(this, train);
  }

  public static PcaDetector fit(List<double[]> train, BaselineSettings settings) {
    MeanFill fill = MeanFill.of(train);
    int n = train.size();
    int d = train.get(0).length;
    double[][] data = new double[n][];
    for (int i = 0; i < n; i++) {
      data[i] = fill.apply(train.get(i));
    }
    RealMatrix covariance = new Covariance(data, false).getCovarianceMatrix();
    EigenDecomposition eigen = new EigenDecomposition(covariance);
    double[] values = eigen.getRealEigenvalues();
    Integer[] order = new Integer[d];
    for (int j = 0; j < d; j++) {
      order[j] = j;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
    int k = settings.pcaComponents(d);
    double[][] components = new double[k][];
    for (int c = 0; c < k; c++) {
      components[c] = eigen.getEigenvector(order[c]).toArray();
    }
    return new PcaDetector(fill.means(), components, fill, train);
  }

  @Override
  public double[] score(List<double[]> rows, IntConsumer progress) {
    double[] scores = new double[rows.size()];
    int d = mean.length;
    double[] centred = new double[d];
    for (int i = 0; i < scores.length; i++) {
      double[] x = fill.apply(rows.get(i));
      for (int j = 0; j < d; j++) {
        centred[j] = x[j] - mean[j];
      }
      double[] residual = centred.clone();
      for (double[] v : components) {
        double projection = 0;
        for (int j = 0; j < d; j++) {
          projection += v[j] * centred[j];
        }
        for (int j = 0; j < d; j++) {
          residual[j] -= projection * v[j];
        }
      }
      double sum = 0;
      for (double r : residual) {
        sum += r * r;
      }
      scores[i] = sum;
      progress.accept(i + 1);
    }
    return scores;
  }

  @Override
  public Thresholds thresholds() {
    return thresholds;
  }
}
