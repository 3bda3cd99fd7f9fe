package org.elbostream.model.discrete;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.model.scoring.LogMeanExp;

/**
 * A sigmoid belief network (Neal 1992) with the recognition and baseline networks NVIL trains it with
 * (Mnih & Gregor 2014). Generative: the top layer h_L ~ Bernoulli(sigmoid(b)), each layer below
 * h_l ~ Bernoulli(sigmoid(W_l h_{l+1} + c_l)), and the binary data x ~ Bernoulli(sigmoid(W_0 h_1 +
 * c_0)). Recognition: the mirror, q(h_1|x) q(h_2|h_1) ..., each layer linear in the one below, as in
 * the paper's SBN experiments. Baseline: C_psi(x), an MLP with one tanh layer.
 */
public final class SigmoidBeliefNet {
  private final List<Integer> layers;
  private final int visible;
  private final Linear prior;
  private final List<Linear> generative = new ArrayList<>(); // index l: from layer l+1 (or top) to l-1 (x at 0)
  private final List<Linear> recognition = new ArrayList<>(); // index l: from layer l-1 (x at 0) to layer l
  private final SequentialBlock baseline;

  /**
   * @param layers sizes of h_1 .. h_L, bottom first
   * @param visible number of binary data units
   * @param baselineHidden width of the baseline network's tanh layer
   */
  public SigmoidBeliefNet(List<Integer> layers, int visible, int baselineHidden, NDManager manager) {
    this.layers = List.copyOf(layers);
    this.visible = visible;
    prior = Linear.builder().setUnits(layers.get(layers.size() - 1)).build();
    initialize(prior, manager, 1);
    for (int l = 0; l < layers.size(); l++) {
      Linear down = Linear.builder().setUnits(l == 0 ? visible : layers.get(l - 1)).build();
      initialize(down, manager, layers.get(l));
      generative.add(down);
      Linear up = Linear.builder().setUnits(layers.get(l)).build();
      initialize(up, manager, l == 0 ? visible : layers.get(l - 1));
      recognition.add(up);
    }
    baseline = new SequentialBlock();
    baseline.add(Linear.builder().setUnits(baselineHidden).build());
    baseline.add(Activation.tanhBlock());
    baseline.add(Linear.builder().setUnits(1).build());
    initialize(baseline, manager, visible);
  }

  private static void initialize(Block block, NDManager manager, int inputs) {
    block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    block.initialize(manager, DataType.FLOAT32, new Shape(1, inputs));
  }

  public List<Integer> layers() {
    return layers;
  }

  /** One draw of h ~ q(h|x) per row, with the log-densities NVIL needs. */
  public record Sample(List<NDArray> states, NDArray logPosterior, NDArray logJoint) {}

  /**
   * Draws h ~ q(h|x) layer by layer (the uniforms from {@code random}, so a seed repeats the draw)
   * and returns log q(h|x) and log p(x, h), both differentiable in the networks' parameters.
   *
   * @param x {@code [N, visible]} of 0 and 1
   */
  public Sample sample(ParameterStore parameters, NDArray x, SplittableRandom random, boolean training) {
    NDManager m = x.getManager();
    List<NDArray> states = new ArrayList<>(layers.size());
    NDArray below = x;
    NDArray logQ = null;
    for (int l = 0; l < layers.size(); l++) {
      NDArray logits = forward(recognition.get(l), parameters, below, training);
      float[] p = logits.getNDArrayInternal().sigmoid().toFloatArray();
      float[] h = new float[p.length];
      for (int i = 0; i < p.length; i++) {
        h[i] = random.nextDouble() < p[i] ? 1f : 0f;
      }
      NDArray state = m.create(h, logits.getShape());
      states.add(state);
      NDArray term = Bernoulli.logProbability(logits, state);
      logQ = logQ == null ? term : logQ.add(term);
      below = state;
    }
    return new Sample(states, logQ, logJoint(parameters, x, states, training));
  }

  /** {@code [N]} log p(x, h) for given states h_1 .. h_L. */
  public NDArray logJoint(ParameterStore parameters, NDArray x, List<NDArray> states, boolean training) {
    NDManager m = x.getManager();
    NDArray top = states.get(states.size() - 1);
    NDArray ones = m.ones(new Shape(top.getShape().get(0), 1));
    NDArray logP = Bernoulli.logProbability(forward(prior, parameters, ones, training), top);
    for (int l = 0; l < layers.size(); l++) {
      NDArray target = l == 0 ? x : states.get(l - 1);
      logP = logP.add(Bernoulli.logProbability(forward(generative.get(l), parameters, states.get(l), training), target));
    }
    return logP;
  }

  /**
   * log p(x) of each row estimated with K importance samples from q(h|x) (Burda et al.'s bound, the
   * estimator of the papers' likelihood tables), drawn in chunks.
   *
   * @param rows of 0 and 1
   */
  public double[] logMarginal(List<double[]> rows, int samples, long seed, NDManager manager) {
    SplittableRandom random = new SplittableRandom(seed);
    LogMeanExp.Chunks chunks = LogMeanExp.Chunks.of(rows.size(), samples);
    LogMeanExp estimate = new LogMeanExp(rows.size());
    for (int from = 0; from < rows.size(); from += chunks.rows()) {
      int n = Math.min(rows.size(), from + chunks.rows()) - from;
      float[] x = new float[n * visible];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < visible; j++) {
          x[i * visible + j] = (float) rows.get(from + i)[j];
        }
      }
      for (int done = 0; done < samples; done += chunks.samples()) {
        int s = Math.min(chunks.samples(), samples - done);
        try (NDManager m = manager.newSubManager()) {
          NDArray repeated = m.create(x, new Shape(n, visible)).repeat(0, s); // row i's copies together
          Sample h = sample(new ParameterStore(m, false), repeated, random, false);
          estimate.add(h.logJoint().sub(h.logPosterior()).toFloatArray(), from, n, s);
        }
      }
    }
    return estimate.result(samples);
  }

  /** {@code [N]} C_psi(x). */
  public NDArray baseline(ParameterStore parameters, NDArray x, boolean training) {
    return forward(baseline, parameters, x, training).squeeze(1);
  }

  /** The most probable state of each layer under q, as q's means rounded: the record's "operating mode". */
  public List<float[]> mode(ParameterStore parameters, NDArray x) {
    List<float[]> out = new ArrayList<>();
    NDArray below = x;
    for (Linear up : recognition) {
      NDArray state = forward(up, parameters, below, false).gt(0).toType(DataType.FLOAT32, false);
      out.add(state.toFloatArray());
      below = state;
    }
    return out;
  }

  /** Parameters of the model pair (prior, generative, recognition), then those of the baseline. */
  public List<Pair<String, Parameter>> modelParameters() {
    List<Pair<String, Parameter>> out = new ArrayList<>();
    prior.getParameters().forEach(p -> out.add(new Pair<>("prior." + p.getKey(), p.getValue())));
    for (int l = 0; l < layers.size(); l++) {
      int layer = l;
      generative.get(l).getParameters().forEach(p -> out.add(new Pair<>("generative" + layer + "." + p.getKey(), p.getValue())));
      recognition.get(l).getParameters().forEach(p -> out.add(new Pair<>("recognition" + layer + "." + p.getKey(), p.getValue())));
    }
    return out;
  }

  public List<Pair<String, Parameter>> baselineParameters() {
    List<Pair<String, Parameter>> out = new ArrayList<>();
    baseline.getParameters().forEach(p -> out.add(new Pair<>("baseline." + p.getKey(), p.getValue())));
    return out;
  }

  public int visible() {
    return visible;
  }

  private static NDArray forward(Block block, ParameterStore parameters, NDArray input, boolean training) {
    return block.forward(parameters, new NDList(input), training).singletonOrThrow();
  }
}
