package org.elbostream.model.scoring;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.imputation.FieldEstimate;
import org.elbostream.model.imputation.PosteriorPredictive;
import org.elbostream.model.net.VaeNetworks;

/**
 * Scores feature rows with a trained model pair: one call per batch, native memory released before
 * it returns. Not thread-safe: give each thread its own scorer (like a DJL Predictor).
 */
public final class Scorer {
  private final VariationalBound bound;
  private final FeatureLayout layout;
  private final ScoringOptions options;
  private final NDManager manager;
  private final PosteriorPredictive predictive;
  private final SplittableRandom random = new SplittableRandom();

  /**
   * @param manager parent of each batch's temporary arrays; the scorer closes a sub-manager per
   *     batch, not this one
   */
  public Scorer(VaeNetworks networks, ScoringOptions options, NDManager manager) {
    this.bound = new VariationalBound(networks);
    this.layout = networks.layout();
    this.options = options;
    this.manager = manager;
    this.predictive = new PosteriorPredictive(layout, networks.architecture().minLogVariance());
  }

  /** Scores rows (feature order, raw units, NaN = missing); results in the same order. */
  public List<RecordScore> score(List<double[]> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    int n = rows.size();
    int s = options.samples();
    int latent = bound.networks().architecture().latentDim();
    float[] eps = new float[n * s * latent];
    for (int i = 0; i < n; i++) {
      SplittableRandom r = options.deterministic() ? new SplittableRandom(RecordNoise.seedOf(rows.get(i), 0)) : random;
      RecordNoise.fill(r, eps, i * s * latent, s * latent);
    }
    FeatureLayout.Encoded batch = layout.encode(rows);
    try (NDManager m = manager.newSubManager()) {
      BoundTerms terms = bound.forward(m, new ParameterStore(m, false), batch, eps, s, false);
      NDArray score = options.importanceWeighted() ? terms.negativeImportanceWeightedBound() : terms.negativeElbo();
      float[] scores = score.toFloatArray();
      float[] kl = terms.kl().toFloatArray();
      float[] fields = terms.fieldNll().mean(new int[] {1}).toFloatArray();
      float[] means = terms.mean().toFloatArray();
      FieldEstimate[][] expected = predictive.estimate(terms.head());
      int f = layout.featureCount();
      List<RecordScore> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        double[] perField = new double[f];
        for (int g = 0; g < f; g++) {
          perField[layout.featureIndex(g)] = fields[i * f + g];
        }
        double[] latentMean = new double[latent];
        for (int l = 0; l < latent; l++) {
          latentMean[l] = means[i * latent + l];
        }
        out.add(new RecordScore(scores[i], kl[i], perField, latentMean, expected[i]));
      }
      return out;
    }
  }
}
