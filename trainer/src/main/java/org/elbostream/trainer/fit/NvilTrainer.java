package org.elbostream.trainer.fit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.model.discrete.Nvil;
import org.elbostream.model.discrete.SigmoidBeliefNet;
import org.elbostream.model.feature.FeatureLayout;

/**
 * Fits a sigmoid belief network ({@code config.architecture()}, binary latent layers) with NVIL: the model pair and the baseline network
 * trained together by Adam on the surrogate and baseline losses, one h sample per row. The
 * validation ELBO, a one-sample estimate per row, is the learning curve. No early stopping: the
 * paper's runs are long and the curve is noisy.
 */
public final class NvilTrainer {
  /** Width of the tanh layer of NVIL's input-dependent baseline (the paper's 100). */
  public static final int BASELINE_HIDDEN = 100;
  private final int baselineHidden;
  private final TrainingSettings config;
  private final FitListener listener;

  /** @param config its architecture, epochs, batch size, learning rate (and its decay) and seed are used */
  public NvilTrainer(int baselineHidden, TrainingSettings config, FitListener listener) {
    this.baselineHidden = baselineHidden;
    this.config = config;
    this.listener = listener;
  }

  /** The trained network and its learning curve. */
  public record Fit(SigmoidBeliefNet network, List<EpochStats> history) {}

  /** @param train rows in feature order, NaN = missing */
  public Fit fit(FeatureLayout layout, List<double[]> train, List<double[]> validation, NDManager manager) {
    long start = System.nanoTime();
    Engine.getInstance().setRandomSeed((int) config.seed());
    SigmoidBeliefNet net = new SigmoidBeliefNet(config.architecture(), layout, baselineHidden, manager);
    List<Pair<String, Parameter>> parameters = new ArrayList<>(net.modelParameters());
    parameters.addAll(net.baselineParameters());
    parameters.forEach(p -> p.getValue().getArray().setRequiresGradient(true));
    LearningRateDecay.Schedule rate = config.learningRateDecay().start(config.learningRate());
    Optimizer adam = Optimizer.adam().optLearningRateTracker(rate).build();
    SplittableRandom random = new SplittableRandom(config.seed());
    Nvil nvil = new Nvil();
    List<EpochStats> history = new ArrayList<>();
    double bestElbo = Double.NEGATIVE_INFINITY;
    int batch = config.batchSize();
    int steps = (train.size() + batch - 1) / batch;
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      int[] order = SgvbTrainer.permutation(train.size(), random);
      double signalSum = 0;
      for (int step = 0; step < steps; step++) {
        int from = step * batch;
        int to = Math.min(train.size(), from + batch);
        try (NDManager m = manager.newSubManager();
            GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          List<double[]> rows = new ArrayList<>(to - from);
          for (int i = from; i < to; i++) {
            rows.add(train.get(order[i]));
          }
          SigmoidBeliefNet.Batch x = net.batch(m, rows);
          ParameterStore store = new ParameterStore(m, false);
          SigmoidBeliefNet.Sample sample = net.sample(store, x, net.uniforms(rows.size(), random), true);
          Nvil.Losses losses = nvil.losses(sample.logJoint(), sample.logPosterior(), net.baseline(store, x, true));
          collector.backward(losses.surrogate().add(losses.baseline()));
          signalSum += losses.learningSignal().sum().getFloat();
          ClippedAdam.step(adam, parameters, m);
        }
        listener.onStep(epoch, step + 1, steps);
      }
      double validationElbo = elbo(net, validation, random, manager);
      EpochStats stats = new EpochStats(epoch, signalSum / train.size(), validationElbo,
          (System.nanoTime() - start) / 1e9);
      history.add(stats);
      listener.onEpoch(stats, config.epochs(), true);
      rate.afterEpoch(validationElbo > bestElbo);
      bestElbo = Math.max(bestElbo, validationElbo);
    }
    return new Fit(net, history);
  }

  /** Mean one-sample ELBO, log p(x,h) - log q(h|x) with h ~ q, over rows. */
  static double elbo(SigmoidBeliefNet net, List<double[]> rows, SplittableRandom random, NDManager manager) {
    double sum = 0;
    for (int from = 0; from < rows.size(); from += 1024) {
      List<double[]> part = rows.subList(from, Math.min(rows.size(), from + 1024));
      try (NDManager m = manager.newSubManager()) {
        SigmoidBeliefNet.Sample s = net.sample(new ParameterStore(m, false), net.batch(m, part),
            net.uniforms(part.size(), random), false);
        sum += s.logJoint().sub(s.logPosterior()).sum().getFloat();
      }
    }
    return sum / rows.size();
  }
}
