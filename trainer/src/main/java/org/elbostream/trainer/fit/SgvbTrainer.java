package org.elbostream.trainer.fit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.net.VaeNetworks;
import org.elbostream.model.noise.RecordNoise;
import org.elbostream.model.scoring.BoundTerms;
import org.elbostream.model.scoring.LatentGaussianScorer;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.scoring.ScoringOptions;
import org.elbostream.model.scoring.VariationalBound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stochastic-gradient variational Bayes (Kingma &amp; Welling 2014): one reparameterised sample of
 * z per record, the observed-fields ELBO as the objective, Adam on mini-batches, early stopping on
 * the validation ELBO. With K training samples the objective, and so the early stopping, is the
 * K-sample importance-weighted bound instead (as MIWAE): stopping on the ELBO would judge such a
 * model by a bound it does not optimise (on spam it stopped after 13 epochs). All randomness flows
 * from the configured seed, so a run is reproducible.
 */
public final class SgvbTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(SgvbTrainer.class);
  private final TrainingSettings config;
  private final FitListener listener;

  public SgvbTrainer(TrainingSettings config, FitListener listener) {
    this.config = config;
    this.listener = listener;
  }

  /** The networks with the best validation ELBO, and the learning curve, from rows read alone. */
  public Fit fit(FeatureLayout layout, List<double[]> train, List<double[]> validation, NDManager manager) {
    return fit(layout, TrainingRows.of(train, validation), manager);
  }

  /**
   * The networks with the best validation ELBO, and the learning curve. A model with a window reads
   * each row with its past from the series: the row's fields are hidden at the injection rate, and at
   * that rate one field is kept from the recognition network and the whole past but still scored (an
   * outage); a past's other missing fields are carried from the window's nearest observation, in
   * training as in the stream.
   */
  public Fit fit(FeatureLayout layout, TrainingRows rows, NDManager manager) {
    long start = System.nanoTime();
    Engine.getInstance().setRandomSeed((int) config.seed());
    VaeNetworks networks = VaeNetworks.create(config.architecture(), layout, manager);
    LearningRateDecay.Schedule rate = config.learningRateDecay().start(config.learningRate());
    Optimizer adam = Optimizer.adam().optLearningRateTracker(rate).build();
    SplittableRandom random = new SplittableRandom(config.seed());

    List<EpochStats> history = new ArrayList<>();
    double bestElbo = Double.NEGATIVE_INFINITY;
    int bestEpoch = 0;
    byte[][] best = null;
    int sinceBest = 0;
    List<double[]> validation = rows.validation();
    List<List<double[]>> validationPasts = rows.validationPasts(config.architecture().pastRecords());
    for (int epoch = 1; epoch <= config.epochs() && sinceBest < config.patience(); epoch++) {
      double trainElbo = -trainEpoch(epoch, networks, adam, rows, random, manager);
      double validationElbo = -meanScore(networks, validation, validationPasts, config.trainingSamples(), manager);
      EpochStats stats = new EpochStats(epoch, trainElbo, validationElbo, (System.nanoTime() - start) / 1e9);
      history.add(stats);
      boolean improved = validationElbo > bestElbo;
      if (improved) {
        bestElbo = validationElbo;
        bestEpoch = epoch;
        best = new byte[][] {networks.recognitionParameters(), networks.generativeParameters()};
        sinceBest = 0;
      } else {
        sinceBest++;
      }
      listener.onEpoch(stats, config.epochs(), improved);
      if (rate.afterEpoch(improved)) {
        LOG.info("epoch {}: {} epochs without a better validation ELBO, learning rate cut to {}", epoch,
            config.learningRateDecay().plateauEpochs(), rate.rate());
      }
      if (!Double.isFinite(trainElbo)) {
        throw new IllegalStateException("training diverged at epoch " + epoch + " (ELBO " + trainElbo
            + "); try a smaller learning rate");
      }
    }
    try {
      VaeNetworks kept = VaeNetworks.load(config.architecture(), layout, manager, best[0], best[1]);
      return new Fit(kept, history, bestEpoch, bestElbo);
    } catch (IOException e) {
      throw new UncheckedIOException("reloading the best parameters", e);
    }
  }

  /**
   * One pass over the shuffled training rows; returns the mean loss per record: the negative ELBO,
   * or with several training samples the negative importance-weighted bound.
   */
  private double trainEpoch(int epoch, VaeNetworks networks, Optimizer adam, TrainingRows data,
      SplittableRandom random, NDManager manager) {
    int[] train = data.split().train();
    int window = networks.architecture().pastRecords();
    VariationalBound bound = new VariationalBound(networks);
    FeatureLayout layout = networks.layout();
    List<Pair<String, Parameter>> parameters = networks.parameters();
    int latent = config.architecture().latentDim();
    int batchSize = config.batchSize();
    int steps = (train.length + batchSize - 1) / batchSize;
    int[] order = permutation(train.length, random);
    double lossSum = 0;
    for (int step = 0; step < steps; step++) {
      int from = step * batchSize;
      int to = Math.min(train.length, from + batchSize);
      List<double[]> rows = new ArrayList<>(to - from);
      List<double[]> scored = new ArrayList<>(to - from);
      List<List<double[]>> pasts = window == 0 ? null : new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        int row = train[order[i]];
        double[] original = data.series().rows().get(row);
        double[] shown = injectMissing(original, random);
        rows.add(shown);
        scored.add(config.injected() == TrainingSettings.Injected.SCORED ? original : shown);
        if (pasts == null) {
          continue;
        }
        List<double[]> past = data.series().past(row, window);
        // A sensor that stops reporting leaves its field missing from a whole window, which carrying
        // cannot fill. At the injection rate a row loses one field from its recognition input and
        // its whole past, and the field is still scored: the generative network learns to predict
        // it from the other fields alone, as it must during an outage (any q gives a bound).
        int out = random.nextDouble() < config.missingInjection() ? random.nextInt(shown.length) : -1;
        if (out >= 0 && observed(shown) > 1 && !Double.isNaN(shown[out])) {
          rows.set(rows.size() - 1, without(shown, out));
          past = past.stream().map(r -> without(r, out)).toList();
        }
        pasts.add(past);
      }
      int k = config.trainingSamples();
      float[] eps = new float[rows.size() * k * latent];
      RecordNoise.fill(random, eps, 0, eps.length);
      try (NDManager m = manager.newSubManager();
          GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        FeatureLayout.Encoded batch = encode(layout, rows, scored, pasts, window,
            networks.architecture().carriesPastGaps());
        BoundTerms terms = bound.forward(m, new ParameterStore(m, false), batch, eps, k, true);
        NDArray negativeBound = (k == 1 ? terms.negativeElbo() : terms.negativeImportanceWeightedBound()).mean();
        NDArray loss = config.weightPrior() > 0
            ? negativeBound.add(weightPenalty(networks, train.length, m)) : negativeBound;
        collector.backward(loss);
        lossSum += negativeBound.getFloat() * rows.size(); // the bound alone: the prior term is not data fit
        ClippedAdam.step(adam, parameters, m);
      }
      listener.onStep(epoch, step + 1, steps);
    }
    return lossSum / train.length;
  }

  /**
   * -log p(theta) / N per row for the Gaussian prior of precision lambda on the generative parameters:
   * lambda |theta|^2 / (2 N), up to a constant. Spread over the N rows, so a mini-batch mean of the
   * per-row loss plus this is an unbiased estimate of the MAP objective divided by N.
   */
  private NDArray weightPenalty(VaeNetworks networks, int rows, NDManager m) {
    NDArray squares = null;
    for (Pair<String, Parameter> p : networks.generative().getParameters()) {
      // Results of an operation belong to its operand's manager, here the networks' own: moved to the
      // step's manager, or every step would leave them behind (gigabytes after a few MNIST epochs).
      NDArray square = p.getValue().getArray().square();
      square.attach(m);
      NDArray s = square.sum();
      s.attach(m);
      squares = squares == null ? s : squares.add(s);
    }
    return squares.mul(m.full(new Shape(1), (float) (config.weightPrior() / (2.0 * rows))));
  }

  /**
   * Mean negative bound per held-out row: the ELBO (k = 1) or the k-sample importance-weighted
   * bound.
   */
  private static double meanScore(VaeNetworks networks, List<double[]> rows, List<List<double[]>> pasts, int k,
      NDManager manager) {
    LatentGaussianScorer scorer = new LatentGaussianScorer(networks, new ScoringOptions(k, k > 1, true), manager);
    double sum = 0;
    for (int from = 0; from < rows.size(); from += 1024) {
      int to = Math.min(rows.size(), from + 1024);
      for (RecordScore s : scorer.score(rows.subList(from, to), pasts == null ? null : pasts.subList(from, to))) {
        sum += s.score();
      }
    }
    return sum / rows.size();
  }

  /**
   * The batch as the bound reads it: the recognition network sees {@code shown} with its past; the
   * likelihood scores the fields of {@code scored}.
   */
  private static FeatureLayout.Encoded encode(FeatureLayout layout, List<double[]> shown, List<double[]> scored,
      List<List<double[]>> pasts, int window, boolean carry) {
    FeatureLayout.Encoded seen = layout.encode(shown, pasts, window, carry);
    if (shown == scored) {
      return seen;
    }
    FeatureLayout.Encoded targets = layout.encode(scored);
    return new FeatureLayout.Encoded(seen.rows(), seen.recognitionInput(), targets.values(), targets.mask(),
        seen.past());
  }

  private static int observed(double[] row) {
    int n = 0;
    for (double v : row) {
      n += Double.isNaN(v) ? 0 : 1;
    }
    return n;
  }

  private static double[] without(double[] row, int field) {
    double[] out = row.clone();
    out[field] = Double.NaN;
    return out;
  }

  private double[] injectMissing(double[] row, SplittableRandom random) {
    if (config.missingInjection() == 0) {
      return row;
    }
    double[] out = row.clone();
    int observed = 0;
    for (double v : out) {
      observed += Double.isNaN(v) ? 0 : 1;
    }
    for (int j = 0; j < out.length && observed > 1; j++) {
      if (!Double.isNaN(out[j]) && random.nextDouble() < config.missingInjection()) {
        out[j] = Double.NaN;
        observed--;
      }
    }
    return out;
  }

  static int[] permutation(int n, SplittableRandom random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * @param networks the parameters of the best epoch
   * @param history one entry per epoch run
   * @param bestEpoch the epoch kept
   * @param validationElbo mean validation ELBO at that epoch
   */
  public record Fit(VaeNetworks networks, List<EpochStats> history, int bestEpoch, double validationElbo) {}
}
