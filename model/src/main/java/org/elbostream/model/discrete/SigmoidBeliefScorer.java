package org.elbostream.model.discrete;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.imputation.FieldEstimate;
import org.elbostream.model.imputation.PosteriorPredictive;
import org.elbostream.model.noise.RecordNoise;
import org.elbostream.model.scoring.LogMeanExp;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.model.scoring.ScoringOptions;

/**
 * Scores records with a sigmoid belief network as {@link org.elbostream.model.scoring.LatentGaussianScorer} does
 * with a Gaussian model: S draws h ~ q(h|x) per record give the negative ELBO (or the S-sample
 * importance-weighted bound), each field's share, and the posterior predictive of every field. The
 * part not owed to any field, E_q[log q(h|x) - log p(h)], takes the place of the KL. Each record also
 * gets its operating mode, q's most probable latent state.
 */
public final class SigmoidBeliefScorer implements RowScorer {
  private final SigmoidBeliefNet net;
  private final FeatureLayout layout;
  private final ScoringOptions options;
  private final NDManager manager;
  private final PosteriorPredictive predictive;
  private final SplittableRandom random = new SplittableRandom();

  /** @param manager parent of each batch's temporary arrays */
  public SigmoidBeliefScorer(SigmoidBeliefNet net, ScoringOptions options, NDManager manager) {
    this.net = net;
    this.layout = net.layout();
    this.options = options;
    this.manager = manager;
    this.predictive = new PosteriorPredictive(net.heads());
  }

  @Override
  public List<RecordScore> score(List<double[]> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    int n = rows.size();
    int s = options.samples();
    int units = net.units();
    float[] uniforms = RecordNoise.forRows(rows, s * units, options.deterministic(), random, RecordNoise.Draw.UNIFORM);
    int f = layout.featureCount();
    try (NDManager m = manager.newSubManager()) {
      ParameterStore store = new ParameterStore(m, false);
      SigmoidBeliefNet.Batch x = net.batch(m, rows);
      SigmoidBeliefNet.Sample h = net.sample(store, x.repeat(s), uniforms, false);
      NDArray logWeight = h.logJoint().sub(h.logPosterior()).reshape(n, s);
      float[] w = logWeight.toFloatArray();
      NDArray fieldNll = h.fieldNll().reshape(n, s, f);
      float[] fields = fieldNll.mean(new int[] {1}).toFloatArray();
      // log q(h|x) - log p(h) = -(log w + sum of field NLLs)
      float[] latentCost = logWeight.add(fieldNll.sum(new int[] {2})).neg().mean(new int[] {1}).toFloatArray();
      FieldEstimate[][] expected = predictive.estimate(h.head().reshape(n, s, layout.headWidth()));
      SigmoidBeliefNet.Mode mode = net.mode(store, x);
      double[] scores = scores(w, n, s);
      List<RecordScore> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        double[] perField = new double[f];
        for (int g = 0; g < f; g++) {
          perField[layout.featureIndex(g)] = fields[i * f + g];
        }
        double[] probabilities = new double[units];
        for (int u = 0; u < units; u++) {
          probabilities[u] = mode.probabilities()[i * units + u];
        }
        out.add(new RecordScore(scores[i], latentCost[i], perField, probabilities, expected[i], Double.NaN,
            hex(mode.states(), net.architecture().stochasticLayers(), i), s));
      }
      return out;
    }
  }

  /** Per row, -ELBO: the mean of -log w; or -log of the mean of w, the importance-weighted bound. */
  private double[] scores(float[] logWeight, int rows, int s) {
    if (options.importanceWeighted()) {
      LogMeanExp logMean = new LogMeanExp(rows);
      logMean.add(logWeight, 0, rows, s);
      double[] out = logMean.result(s);
      for (int i = 0; i < rows; i++) {
        out[i] = -out[i];
      }
      return out;
    }
    double[] out = new double[rows];
    for (int i = 0; i < rows; i++) {
      double sum = 0;
      for (int k = 0; k < s; k++) {
        sum += logWeight[i * s + k];
      }
      out[i] = -sum / s;
    }
    return out;
  }

  /** Row i's state of each layer as hex, unit 0 the lowest bit of the last digit. */
  static List<String> hex(List<float[]> layers, List<Integer> sizes, int i) {
    List<String> out = new ArrayList<>(layers.size());
    for (int l = 0; l < layers.size(); l++) {
      float[] layer = layers.get(l);
      int size = sizes.get(l);
      int digits = (size + 3) / 4;
      char[] text = new char[digits];
      for (int d = 0; d < digits; d++) {
        int value = 0;
        for (int b = 0; b < 4 && 4 * d + b < size; b++) {
          value |= layer[i * size + 4 * d + b] > 0.5f ? 1 << b : 0;
        }
        text[digits - 1 - d] = Character.forDigit(value, 16);
      }
      out.add(new String(text));
    }
    return out;
  }
}
