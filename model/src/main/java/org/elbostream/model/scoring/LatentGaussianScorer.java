package org.elbostream.model.scoring;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.imputation.FieldEstimate;
import org.elbostream.model.imputation.PosteriorPredictive;
import org.elbostream.model.net.VaeNetworks;
import org.elbostream.model.noise.RecordNoise;

/**
 * Scores feature rows with a trained model pair: one call per batch, native memory released before
 * it returns. Not thread-safe: give each thread its own scorer (like a DJL Predictor).
 *
 * <p>With M samples of the generative weights (a Bayesian generative network), every record is
 * scored by each of them with the same z noise, so the spread of the M scores is the weights'
 * doing alone: the score is their mean, {@link RecordScore#scoreStd} their standard deviation, and
 * the posterior predictive pools the z samples of all M networks.
 */
public final class LatentGaussianScorer implements RowScorer {
  private final VariationalBound bound;
  private final List<VariationalBound> weightSamples;
  private final FeatureLayout layout;
  private final ScoringOptions options;
  private final NDManager manager;
  private final PosteriorPredictive predictive;
  private final SplittableRandom random = new SplittableRandom();

  /**
   * @param manager parent of each batch's temporary arrays; the scorer closes a sub-manager per
   *     batch, not this one
   */
  public LatentGaussianScorer(VaeNetworks networks, ScoringOptions options, NDManager manager) {
    this(networks, List.of(), options, manager);
  }

  /**
   * @param weightSamples the same networks with each sampled draw of the generative weights; empty
   *     for a point estimate, which {@code networks} is then
   */
  public LatentGaussianScorer(VaeNetworks networks, List<VaeNetworks> weightSamples, ScoringOptions options, NDManager manager) {
    this.bound = new VariationalBound(networks);
    this.weightSamples = weightSamples.stream().map(VariationalBound::new).toList();
    this.layout = networks.layout();
    this.options = options;
    this.manager = manager;
    this.predictive = new PosteriorPredictive(networks.heads());
  }

  @Override
  public List<RecordScore> score(List<double[]> rows) {
    return score(rows, null);
  }

  @Override
  public int window() {
    return bound.networks().architecture().pastRecords();
  }

  @Override
  public List<RecordScore> score(List<double[]> rows, List<List<double[]>> pasts) {
    return pass(rows, pasts, options.samples(), false).scores();
  }

  /**
   * Screened: the first {@link Screening#samples} of each record's draws, then the full count for the
   * records that estimate does not place clearly below their threshold, with the same draws the
   * full-count path uses, so a refined record scores as it would unscreened.
   */
  @Override
  public List<RecordScore> score(List<double[]> rows, List<List<double[]>> pasts, double[] thresholds,
      Screening screening) {
    if (!screening.screens(options.samples()) || rows.isEmpty()) {
      return score(rows, pasts);
    }
    Pass first = pass(rows, pasts, screening.samples(), true);
    List<Integer> refine = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (screening.refines(first.scores().get(i).score(), first.standardErrors()[i], thresholds[i])) {
        refine.add(i);
      }
    }
    if (refine.isEmpty()) {
      return first.scores();
    }
    List<double[]> again = new ArrayList<>(refine.size());
    List<List<double[]>> againPasts = pasts == null ? null : new ArrayList<>(refine.size());
    for (int i : refine) {
      again.add(rows.get(i));
      if (againPasts != null) {
        againPasts.add(pasts.get(i));
      }
    }
    List<RecordScore> out = new ArrayList<>(first.scores());
    List<RecordScore> full = score(again, againPasts);
    for (int k = 0; k < refine.size(); k++) {
      out.set(refine.get(k), full.get(k));
    }
    return out;
  }

  /** One batch's scores with {@code s} draws each, and with {@code spread} their standard errors. */
  private record Pass(List<RecordScore> scores, float[] standardErrors) {}

  private Pass pass(List<double[]> rows, List<List<double[]>> pasts, int s, boolean spread) {
    if (rows.isEmpty()) {
      return new Pass(List.of(), new float[0]);
    }
    int n = rows.size();
    int latent = bound.networks().architecture().latentDim();
    // Each record's draws come from a seed of its own: its first s are the same whatever the count.
    float[] eps = RecordNoise.forRows(rows, s * latent, options.deterministic(), random, RecordNoise.Draw.GAUSSIAN);
    FeatureLayout.Encoded batch = layout.encode(rows, pasts, window(), bound.networks().architecture().carriesPastGaps());
    try (NDManager m = manager.newSubManager()) {
      List<BoundTerms> all = new ArrayList<>();
      for (VariationalBound b : weightSamples.isEmpty() ? List.of(bound) : weightSamples) {
        all.add(b.forward(m, new ParameterStore(m, false), batch, eps, s, false));
      }
      BoundTerms terms = all.get(0);
      NDArray perSample = NDArrays.stack(new NDList(all.stream().map(this::score).toList())); // [M, N]
      float[] scores = perSample.mean(new int[] {0}).toFloatArray();
      float[] weightSpread = all.size() > 1 ? perSample.sub(perSample.mean(new int[] {0}, true)).square()
          .sum(new int[] {0}).div(all.size() - 1).sqrt().toFloatArray() : null;
      float[] kl = terms.kl().toFloatArray();
      NDArray fieldNll = all.size() == 1 ? terms.fieldNll()
          : NDArrays.concat(new NDList(all.stream().map(BoundTerms::fieldNll).toList()), 1);
      float[] fields = fieldNll.mean(new int[] {1}).toFloatArray();
      float[] standardErrors = spread ? standardErrors(fieldNll.sum(new int[] {2})) : null;
      float[] means = terms.mean().toFloatArray();
      NDArray heads = all.size() == 1 ? terms.head()
          : NDArrays.concat(new NDList(all.stream().map(BoundTerms::head).toList()), 1);
      FieldEstimate[][] expected = predictive.estimate(heads);
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
        out.add(new RecordScore(scores[i], kl[i], perField, latentMean, expected[i],
            weightSpread == null ? Double.NaN : weightSpread[i], null, s));
      }
      return new Pass(out, standardErrors);
    }
  }

  /**
   * {@code [N]} the standard error of each record's mean over its draws, from {@code [N, D]} per-draw
   * sums of field NLLs (the KL is the same for every draw, so it adds no spread).
   */
  private static float[] standardErrors(NDArray perDraw) {
    long draws = perDraw.getShape().get(1);
    return perDraw.sub(perDraw.mean(new int[] {1}, true)).square().sum(new int[] {1})
        .div(draws - 1).div(draws).sqrt().toFloatArray();
  }

  private NDArray score(BoundTerms terms) {
    return options.importanceWeighted() ? terms.negativeImportanceWeightedBound() : terms.negativeElbo();
  }
}
