package org.elbostream.model.bayes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.model.noise.RecordNoise;

/**
 * A chain of stochastic-gradient HMC over a list of parameter arrays (see {@link SghmcOptions} for
 * the update). The caller supplies the mini-batch gradient of U~ at the current parameters; the chain
 * moves them in place and keeps a copy every {@code thinning} steps after the burn-in. The injected
 * noise is drawn on the JVM from a seed, so a run repeats. The updates are outside any autograd
 * graph, so plain Java numbers are safe here.
 */
public final class StochasticGradientHmc {
  /** The mini-batch gradient of U~ with respect to each parameter, at their current values. */
  @FunctionalInterface
  public interface Gradients {
    List<NDArray> at(long step);
  }

  /** Told after each step, for a progress bar. */
  @FunctionalInterface
  public interface Listener {
    void onStep(long done, long total);
  }

  private final SghmcOptions options;
  private final SplittableRandom random;

  public StochasticGradientHmc(SghmcOptions options, long seed) {
    this.options = options;
    this.random = new SplittableRandom(seed);
  }

  /**
   * Runs the chain from the parameters' current values (e.g. a point estimate) and returns the M kept
   * samples, each a list of copies in the parameters' order, owned by {@code manager}.
   */
  public List<List<NDArray>> sample(List<NDArray> parameters, Gradients gradients, NDManager manager,
      Listener listener) {
    List<NDArray> momentum = new ArrayList<>(parameters.size());
    for (NDArray p : parameters) {
      momentum.add(manager.zeros(p.getShape(), p.getDataType()));
    }
    List<List<NDArray>> kept = new ArrayList<>(options.samples());
    long total = options.totalSteps();
    for (long t = 0; t < total; t++) {
      double eta = options.learningRate(t);
      double noiseScale = StrictMath.sqrt(2 * (options.friction() - options.gradientNoise()) * eta);
      List<NDArray> grads = gradients.at(t);
      for (int i = 0; i < parameters.size(); i++) {
        NDArray p = parameters.get(i);
        NDArray v = momentum.get(i);
        float[] noise = new float[Math.toIntExact(p.size())];
        RecordNoise.fill(random, noise, 0, noise.length);
        try (NDManager step = manager.newSubManager()) {
          NDArray injected = step.create(noise, p.getShape()).muli(noiseScale);
          NDArray pull = grads.get(i).mul(eta);
          pull.attach(step);
          v.muli(1 - options.friction()).subi(pull).addi(injected);
        }
        p.addi(v);
      }
      long after = t + 1 - options.burnIn();
      if (after > 0 && after % options.thinning() == 0) {
        List<NDArray> copy = new ArrayList<>(parameters.size());
        for (NDArray p : parameters) {
          NDArray c = p.duplicate();
          c.attach(manager);
          copy.add(c);
        }
        kept.add(copy);
      }
      listener.onStep(t + 1, total);
    }
    return kept;
  }
}
