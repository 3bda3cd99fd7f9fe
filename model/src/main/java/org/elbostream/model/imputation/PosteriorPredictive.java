package org.elbostream.model.imputation;

import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.FieldSpec;

/**
 * The posterior predictive p(x_j | x_obs) ~ (1/S) sum_s p(x_j | z_s), z_s ~ q(z | x_obs), read off
 * the generative outputs of the very samples that scored the record, so it costs no extra network
 * call. For a missing field it is the imputation; for an observed one it is what the model expected
 * instead, which an alert shows beside the observed value.
 *
 * <p>A Gaussian field's spread follows the law of total variance: the mean of the per-sample
 * variances plus the variance of the per-sample means.
 */
public final class PosteriorPredictive {
  private final FeatureLayout layout;
  private final double minLogVariance;

  /**
   * @param minLogVariance the floor the likelihood puts under a Gaussian head's log-variance (see
   *     {@link org.elbostream.model.net.Architecture#minLogVariance()})
   */
  public PosteriorPredictive(FeatureLayout layout, double minLogVariance) {
    this.layout = layout;
    this.minLogVariance = minLogVariance;
  }

  /**
   * @param head generative outputs {@code [rows, samples, headWidth]}, row-major
   * @return {@code [rows][feature]}, features in feature-row order
   */
  public FieldEstimate[][] estimate(float[] head, int rows, int samples) {
    int h = layout.headWidth();
    int g = layout.gaussianCount();
    int b = layout.bernoulliCount();
    int[] categorical = layout.categoricalFeatures();
    var features = layout.spec().features();
    FieldEstimate[][] out = new FieldEstimate[rows][layout.featureCount()];
    for (int i = 0; i < rows; i++) {
      int base = i * samples * h;
      for (int k = 0; k < g; k++) {
        double sum = 0;
        double sumSq = 0;
        double variance = 0;
        for (int s = 0; s < samples; s++) {
          double mu = head[base + s * h + k];
          sum += mu;
          sumSq += mu * mu;
          variance += Math.exp(softFloor(head[base + s * h + g + k]));
        }
        double mean = sum / samples;
        double total = variance / samples + Math.max(0, sumSq / samples - mean * mean);
        FieldSpec f = features.get(layout.featureIndex(k));
        out[i][layout.featureIndex(k)] = new FieldEstimate(
            f.offset() + f.scale() * mean, f.scale() * Math.sqrt(total), Double.NaN, samples);
      }
      for (int k = 0; k < b; k++) {
        double p = 0;
        for (int s = 0; s < samples; s++) {
          p += 1 / (1 + Math.exp(-head[base + s * h + 2 * g + k]));
        }
        p /= samples;
        boolean one = p >= 0.5;
        out[i][layout.featureIndex(g + k)] = new FieldEstimate(
            one ? 1 : 0, Math.sqrt(p * (1 - p)), one ? p : 1 - p, samples);
      }
      int column = 2 * g + b;
      for (int c = 0; c < categorical.length; c++) {
        int symbols = features.get(categorical[c]).categories().size();
        double[] p = new double[symbols];
        for (int s = 0; s < samples; s++) {
          int at = base + s * h + column;
          double max = Double.NEGATIVE_INFINITY;
          for (int k = 0; k < symbols; k++) {
            max = Math.max(max, head[at + k]);
          }
          double norm = 0;
          for (int k = 0; k < symbols; k++) {
            norm += Math.exp(head[at + k] - max);
          }
          for (int k = 0; k < symbols; k++) {
            p[k] += Math.exp(head[at + k] - max) / norm / samples;
          }
        }
        int best = 0;
        for (int k = 1; k < symbols; k++) {
          if (p[k] > p[best]) {
            best = k;
          }
        }
        out[i][categorical[c]] = new FieldEstimate(best, 1 - p[best], p[best], samples);
        column += symbols;
      }
    }
    return out;
  }

  /** The log-variance the likelihood uses: softplus(raw - floor) + floor, as in the bound. */
  private double softFloor(double raw) {
    double x = raw - minLogVariance;
    double softPlus = x > 30 ? x : Math.log1p(Math.exp(x));
    return softPlus + minLogVariance;
  }
}
