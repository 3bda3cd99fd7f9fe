package org.elbostream.model.discrete;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A sigmoid belief network small enough to sum over: 3 latent bits, 4 visible. The exact gradient of
 * the ELBO, sum_h q(h|x) (log p(x,h) - log q(h|x)), comes from enumerating the 8 states.
 */
class NvilTest {
  private static final float[] X = {1, 0, 1, 1};
  private static final int SAMPLES = 200_000;

  /** Recognition V [4,3], d [3]; generative prior logits b [3], W [3,4], c [4]. */
  private static List<NDArray> parameters(NDManager m) {
    SplittableRandom r = new SplittableRandom(3);
    float[][] values = new float[5][];
    int[] sizes = {12, 3, 3, 12, 4};
    for (int p = 0; p < 5; p++) {
      values[p] = new float[sizes[p]];
      for (int i = 0; i < sizes[p]; i++) {
        values[p][i] = (float) r.nextDouble(-1.5, 1.5);
      }
    }
    List<NDArray> params = List.of(m.create(values[0], new Shape(4, 3)), m.create(values[1], new Shape(3)),
        m.create(values[2], new Shape(3)), m.create(values[3], new Shape(3, 4)), m.create(values[4], new Shape(4)));
    params.forEach(p -> p.setRequiresGradient(true));
    return params;
  }

  private static NDArray recognitionLogits(List<NDArray> p, NDArray x) {
    return x.matMul(p.get(0)).add(p.get(1));
  }

  private static NDArray logPosterior(List<NDArray> p, NDArray x, NDArray h) {
    return Bernoulli.logProbability(recognitionLogits(p, x), h);
  }

  private static NDArray logJoint(List<NDArray> p, NDArray x, NDArray h) {
    NDArray prior = Bernoulli.logProbability(p.get(2).broadcast(h.getShape()), h);
    return prior.add(Bernoulli.logProbability(h.matMul(p.get(3)).add(p.get(4)), x));
  }

  private static float[][] gradients(List<NDArray> p) {
    float[][] out = new float[p.size()][];
    for (int i = 0; i < p.size(); i++) {
      out[i] = p.get(i).getGradient().toFloatArray();
    }
    return out;
  }

  private static float[][] exactGradient(NDManager m, List<NDArray> p) {
    float[] states = new float[8 * 3];
    for (int s = 0; s < 8; s++) {
      for (int j = 0; j < 3; j++) {
        states[s * 3 + j] = (s >> j) & 1;
      }
    }
    NDArray h = m.create(states, new Shape(8, 3));
    NDArray x = m.create(X, new Shape(1, 4)).repeat(0, 8);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray logQ = logPosterior(p, x, h);
      NDArray elbo = logQ.exp().mul(logJoint(p, x, h).sub(logQ)).sum();
      collector.backward(elbo);
    }
    return gradients(p);
  }

  /** NVIL's estimate averaged over SAMPLES draws of h ~ q, with fixed baselines; and the samples' h. */
  private static float[][] nvilGradient(NDManager m, List<NDArray> p, double centre, float inputBaseline, float[] h) {
    NDArray x = m.create(X, new Shape(1, 4)).repeat(0, SAMPLES);
    NDArray hs = m.create(h, new Shape(SAMPLES, 3));
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      Nvil nvil = new Nvil(0, centre, 1); // variance 1: no rescaling, so the average is the gradient itself
      Nvil.Losses losses = nvil.losses(logJoint(p, x, hs), logPosterior(p, x, hs),
          m.full(new Shape(SAMPLES), inputBaseline));
      collector.backward(losses.surrogate().neg()); // minus the loss: the estimate of the ELBO's gradient
    }
    return gradients(p);
  }

  private static float[] drawFromPosterior(NDManager m, List<NDArray> p, long seed) {
    float[] prob = recognitionLogits(p, m.create(X, new Shape(1, 4))).getNDArrayInternal().sigmoid().toFloatArray();
    SplittableRandom r = new SplittableRandom(seed);
    float[] h = new float[SAMPLES * 3];
    for (int i = 0; i < h.length; i++) {
      h[i] = r.nextDouble() < prob[i % 3] ? 1 : 0;
    }
    return h;
  }

  @Test
  void shouldEstimateTheExactGradientWithoutBiasWhateverTheBaseline() {
    try (NDManager m = NDManager.newBaseManager()) {
      // Fresh parameter arrays for each gradient: the engine adds each backward pass's gradient to theirs.
      float[][] exact = exactGradient(m, parameters(m));
      float[] h = drawFromPosterior(m, parameters(m), 17);
      // A centring near the signal's mean, and one far off: both unbiased, the far one noisier.
      for (double centre : new double[] {-4, 10}) {
        float[][] estimate = nvilGradient(m, parameters(m), centre, 0.5f, h);
        for (int i = 0; i < exact.length; i++) {
          for (int k = 0; k < exact[i].length; k++) {
            assertThat(estimate[i][k]).as("centre %s, parameter %d[%d]", centre, i, k)
                .isCloseTo(exact[i][k], within(centre == -4 ? 0.02f : 0.06f));
          }
        }
      }
    }
  }

  @Test
  void shouldReduceTheVarianceOfTheRecognitionGradientByCentring() {
    try (NDManager m = NDManager.newBaseManager()) {
      List<NDArray> p = parameters(m);
      NDArray x = m.create(X, new Shape(1, 4)).repeat(0, SAMPLES);
      float[] hValues = drawFromPosterior(m, p, 5);
      NDArray h = m.create(hValues, new Shape(SAMPLES, 3));
      float[] signal = logJoint(p, x, h).sub(logPosterior(p, x, h)).toFloatArray();
      float[] prob = recognitionLogits(p, m.create(X, new Shape(1, 4))).getNDArrayInternal().sigmoid().toFloatArray();
      double mean = 0;
      for (float l : signal) {
        mean += l / SAMPLES;
      }
      // Per-sample estimates of the gradient for d_0: (l - b) (h_0 - q_0).
      double uncentred = variance(signal, hValues, prob[0], 0);
      double centred = variance(signal, hValues, prob[0], mean);
      assertThat(centred).isLessThan(0.5 * uncentred);

      Nvil nvil = new Nvil(0.8, 0, 1);
      for (int step = 0; step < 30; step++) {
        nvil.losses(logJoint(p, x, h), logPosterior(p, x, h), m.zeros(new Shape(SAMPLES)));
      }
      // The running centre settles on the signal's mean.
      assertThat(nvil.centre()).isCloseTo(mean, within(1e-2));
    }
  }

  private static double variance(float[] signal, float[] h, float q, double baseline) {
    double sum = 0;
    double squares = 0;
    for (int s = 0; s < SAMPLES; s++) {
      double g = (signal[s] - baseline) * (h[s * 3] - q);
      sum += g;
      squares += g * g;
    }
    double mean = sum / SAMPLES;
    return squares / SAMPLES - mean * mean;
  }
}
