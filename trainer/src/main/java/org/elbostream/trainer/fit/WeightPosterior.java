package org.elbostream.trainer.fit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.model.bayes.SghmcOptions;
import org.elbostream.model.bayes.StochasticGradientHmc;
import org.elbostream.model.net.VaeNetworks;
import org.elbostream.model.noise.RecordNoise;
import org.elbostream.model.scoring.VariationalBound;

/**
 * Samples the generative network's weights theta from their posterior by stochastic-gradient HMC,
 * started at the point estimate. The potential is U(theta) = -sum_i ELBO(x_i; theta) + lambda
 * |theta|^2 / 2: the ELBO stands in for the intractable log p(x_i | theta) (as Kingma &amp; Welling's
 * appendix F does for a full variational Bayes), lambda is the Gaussian weight prior's precision
 * (the configured {@code weightPrior}, 1 if none is set: without a proper prior there is no
 * posterior). Each step estimates U's gradient from one mini-batch, scaled by N / B. The recognition
 * network stays at its point estimate: it only proposes z, and every weight sample is scored with the
 * same q(z|x), so the spread of the scores is the generative weights' alone.
 */
public final class WeightPosterior {
  private WeightPosterior() {}

  /**
   * @return M serialised generative parameter sets; {@code networks} keep their point estimate
   */
  public static List<byte[]> sample(VaeNetworks networks, List<double[]> train, TrainingSettings config,
      SghmcOptions options, FitListener listener, NDManager manager) {
    List<NDArray> weights = networks.generative().getParameters().values().stream()
        .map(p -> p.getArray()).toList();
    double lambda = config.weightPrior() > 0 ? config.weightPrior() : 1;
    VariationalBound bound = new VariationalBound(networks);
    int latent = config.architecture().latentDim();
    int batch = Math.min(config.batchSize(), train.size());
    SplittableRandom random = new SplittableRandom(config.seed() ^ 0x5eed5eedL);
    try (NDManager chain = manager.newSubManager()) {
      List<NDArray> pointEstimate = weights.stream().map(w -> {
        NDArray copy = w.duplicate();
        copy.attach(chain);
        return copy;
      }).toList();
      NDManager[] lastStep = {chain.newSubManager()};
      int[][] order = {SgvbTrainer.permutation(train.size(), random)};
      int[] next = {0};
      StochasticGradientHmc.Gradients gradients = step -> {
        lastStep[0].close(); // the previous step's gradients have been used
        lastStep[0] = chain.newSubManager();
        List<double[]> rows = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
          if (next[0] == train.size()) {
            order[0] = SgvbTrainer.permutation(train.size(), random);
            next[0] = 0;
          }
          rows.add(train.get(order[0][next[0]++]));
        }
        float[] eps = new float[batch * latent];
        RecordNoise.fill(random, eps, 0, eps.length);
        weights.forEach(w -> w.setRequiresGradient(true));
        List<NDArray> grads = new ArrayList<>(weights.size());
        try (NDManager m = chain.newSubManager();
            GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray data = bound.forward(m, new ParameterStore(m, false), networks.layout().encode(rows), eps, 1, true)
              .negativeElbo().mean().mul(m.full(new Shape(1), (float) train.size()));
          NDArray prior = null;
          for (NDArray w : weights) {
            NDArray square = w.square();
            square.attach(m);
            NDArray sum = square.sum();
            sum.attach(m);
            prior = prior == null ? sum : prior.add(sum);
          }
          collector.backward(data.add(prior.mul(m.full(new Shape(1), (float) (lambda / 2)))));
          for (NDArray w : weights) {
            NDArray gradient = w.getGradient();
            NDArray copy = gradient.duplicate();
            copy.attach(lastStep[0]);
            grads.add(copy);
            gradient.subi(gradient); // PyTorch accumulates gradients: clear them for the next step
            gradient.close();
          }
        }
        // Frozen again: the chain moves the weights in place, outside any autograd graph.
        weights.forEach(w -> w.setRequiresGradient(false));
        return grads;
      };
      List<List<NDArray>> kept = new StochasticGradientHmc(options, config.seed())
          .sample(weights, gradients, chain, listener::onSampling);
      lastStep[0].close();
      List<byte[]> out = new ArrayList<>(kept.size());
      for (List<NDArray> sample : kept) {
        for (int i = 0; i < weights.size(); i++) {
          sample.get(i).copyTo(weights.get(i));
        }
        out.add(networks.generativeParameters());
      }
      for (int i = 0; i < weights.size(); i++) {
        pointEstimate.get(i).copyTo(weights.get(i));
      }
      return out;
    }
  }
}
