package org.elbostream.model.imputation;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.feature.Likelihood;
import org.elbostream.model.net.OutputHeads;

/**
 * The posterior predictive p(x_j | x_obs) ~ (1/S) sum_s p(x_j | z_s), z_s ~ q(z | x_obs), read off
 * the generative outputs of the very samples that scored the record, so it costs no extra network
 * call. For a missing field it is the imputation; for an observed one it is what the model expected
 * instead, which an alert shows beside the observed value.
 *
 * <p>A number's spread follows the law of total variance: the mean of the per-sample variances
 * (a Student-t's is its squared scale times nu / (nu - 2)) plus the variance of the per-sample
 * means. The averages over samples run in the engine, vectorised: done in Java, one exp per sample and field was a sixth of the streaming service's time.
 * A positive number's and a count's run on the JVM, whose means are not linear in the location.
 */
public final class PosteriorPredictive {
  private final FeatureLayout layout;
  private final OutputHeads heads;

  private final Heads jvm;
  /** Whether some number is positive or a count. */
  private final boolean logScaled;

  public PosteriorPredictive(OutputHeads heads) {
    this.layout = heads.layout();
    this.heads = heads;
    this.jvm = new Heads(heads);
    this.logScaled = layout.spec().features().stream().anyMatch(f -> f.likelihood().logScale());
  }

  /**
   * @param head generative outputs {@code [rows, samples, headWidth]}; inference only (no gradient)
   * @return {@code [rows][feature]}, features in feature-row order
   */
  public FieldEstimate[][] estimate(NDArray head) {
    int rows = (int) head.getShape().get(0);
    int samples = (int) head.getShape().get(1);
    int g = layout.numericCount();
    int b = layout.bernoulliCount();
    int[] categorical = layout.categoricalFeatures();
    var features = layout.spec().features();
    FieldEstimate[][] out = new FieldEstimate[rows][layout.featureCount()];
    if (g > 0) {
      NDArray mu = head.get(":, :, 0:" + g);
      // The log-variance the likelihood uses, floored as in the bound.
      int v = heads.logVarianceStart();
      NDArray variance = heads.logVariance(head.getManager(), head.get(":, :, " + v + ":" + (v + g))).exp();
      float[] mean = mu.mean(new int[] {1}).toFloatArray();
      float[] meanSquare = mu.square().mean(new int[] {1}).toFloatArray();
      float[] meanVariance = variance.mean(new int[] {1}).toFloatArray();
      float[] raw = logScaled ? head.toFloatArray() : null;
      for (int i = 0; i < rows; i++) {
        for (int k = 0; k < g; k++) {
          int at = i * g + k;
          FieldSpec f = features.get(layout.featureIndex(k));
          if (f.likelihood().logScale()) {
            out[i][layout.featureIndex(k)] = mixture(raw, i, samples, layout.featureIndex(k));
            continue;
          }
          double total = f.likelihood().varianceFactor() * meanVariance[at] + Math.max(0, meanSquare[at] - (double) mean[at] * mean[at]);
          out[i][layout.featureIndex(k)] = new FieldEstimate(
              f.offset() + f.scale() * mean[at], f.scale() * Math.sqrt(total), Double.NaN, samples);
        }
      }
    }
    if (b > 0) {
      int from = heads.bernoulliStart();
      float[] p = Activation.sigmoid(head.get(":, :, " + from + ":" + (from + b))).mean(new int[] {1})
          .toFloatArray();
      for (int i = 0; i < rows; i++) {
        for (int k = 0; k < b; k++) {
          double q = p[i * b + k];
          boolean one = q >= 0.5;
          out[i][layout.featureIndex(g + k)] = new FieldEstimate(one ? 1 : 0, Math.sqrt(q * (1 - q)),
              one ? q : 1 - q, samples);
        }
      }
    }
    for (int c = 0; c < categorical.length; c++) {
      int symbols = heads.symbols(categorical[c]);
      int column = heads.column(categorical[c]);
      NDArray columns = head.get(":, :, " + column + ":" + (column + symbols));
      NDArray probabilities = heads.kind(categorical[c]) == Likelihood.ORDINAL
          ? heads.ordinalProbabilities(head.getManager(), columns) : columns.softmax(-1);
      float[] p = probabilities.mean(new int[] {1}).toFloatArray();
      for (int i = 0; i < rows; i++) {
        int best = 0;
        for (int k = 1; k < symbols; k++) {
          if (p[i * symbols + k] > p[i * symbols + best]) {
            best = k;
          }
        }
        double q = p[i * symbols + best];
        out[i][categorical[c]] = new FieldEstimate(best, 1 - q, q, samples);
      }
    }
    return out;
  }

  /**
   * A positive number's or a count's estimate, on the JVM from every sample's head: its mean is
   * not a plain function of the mean location, so the mixture's moments are summed sample by sample.
   */
  private FieldEstimate mixture(float[] head, int row, int samples, int feature) {
    double mean = 0;
    double second = 0;
    for (int s = 0; s < samples; s++) {
      int at = (row * samples + s) * jvm.width();
      double m = jvm.mean(head, at, feature);
      mean += m;
      second += jvm.variance(head, at, feature) + m * m;
    }
    mean /= samples;
    return new FieldEstimate(mean, Math.sqrt(Math.max(0, second / samples - mean * mean)), Double.NaN, samples);
  }
}
