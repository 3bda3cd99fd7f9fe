package org.elbostream.model.discrete;

import static org.elbostream.model.net.EngineArrays.copy;

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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.net.BlockParameters;
import org.elbostream.model.net.OutputHeads;
import org.elbostream.model.scoring.FieldLikelihood;
import org.elbostream.model.scoring.LogMeanExp;

/**
 * A sigmoid belief network (Neal 1992) with the recognition and baseline networks NVIL trains it with
 * (Mnih &amp; Gregor 2014). Generative: the top layer h_L ~ Bernoulli(sigmoid(b)), each layer below
 * h_l ~ Bernoulli(sigmoid(W_l h_{l+1} + c_l)), and the record x ~ p(x | W_0 h_1 + c_0) through the
 * same likelihood heads as every model here ({@link FieldLikelihood}): for binary images, a Bernoulli
 * per pixel as in the paper; for sensor records, Gaussian, boolean and categorical fields, a missing
 * one marginalised out. Recognition: the mirror, q(h_1|x) q(h_2|h_1) ..., each layer linear in the one
 * below (h_1 in the values and observed-mask of x), as in the paper's SBN experiments. Baseline:
 * C_psi(x), an MLP with one tanh layer, needed for training only.
 */
public final class SigmoidBeliefNet {
  private final Architecture architecture;
  private final FeatureLayout layout;
  private final FieldLikelihood likelihood;
  private final List<Integer> layers;
  private final Linear prior;
  private final List<Linear> generative = new ArrayList<>(); // index l: from layer l+1 to layer l (x at 0)
  private final List<Linear> recognition = new ArrayList<>(); // index l: from layer l (x at 0) to layer l+1
  private final SequentialBlock baseline; // null when loaded for scoring

  /**
   * @param architecture {@link Architecture.Latent#BERNOULLI} layers of h_1 .. h_L, bottom first
   * @param baselineHidden width of the baseline network's tanh layer; 0 for none (scoring only)
   */
  public SigmoidBeliefNet(Architecture architecture, FeatureLayout layout, int baselineHidden, NDManager manager) {
    if (architecture.units() != Architecture.Latent.BERNOULLI) {
      throw new IllegalArgumentException("not a sigmoid belief network: " + architecture);
    }
    this.architecture = architecture;
    this.layout = layout;
    this.likelihood = new FieldLikelihood(heads());
    this.layers = architecture.stochasticLayers();
    prior = Linear.builder().setUnits(layers.get(layers.size() - 1)).build();
    initialize(prior, manager, 1);
    for (int l = 0; l < layers.size(); l++) {
      Linear up = Linear.builder().setUnits(layers.get(l)).build();
      initialize(up, manager, l == 0 ? layout.recognitionInputWidth() : layers.get(l - 1));
      recognition.add(up);
      Linear down = Linear.builder().setUnits(l == 0 ? layout.headWidth() : layers.get(l - 1)).build();
      initialize(down, manager, layers.get(l));
      generative.add(down);
    }
    if (baselineHidden > 0) {
      baseline = new SequentialBlock();
      baseline.add(Linear.builder().setUnits(baselineHidden).build());
      baseline.add(Activation.tanhBlock());
      baseline.add(Linear.builder().setUnits(1).build());
      initialize(baseline, manager, layout.recognitionInputWidth());
    } else {
      baseline = null;
    }
  }

  /** A trained network rebuilt from its saved parameters, frozen for scoring (no baseline). */
  public static SigmoidBeliefNet load(Architecture architecture, FeatureLayout layout, NDManager manager,
      byte[] recognitionParameters, byte[] generativeParameters) throws IOException {
    SigmoidBeliefNet net = new SigmoidBeliefNet(architecture, layout, 0, manager);
    BlockParameters.load(net.recognition, recognitionParameters, manager);
    BlockParameters.load(net.generativeBlocks(), generativeParameters, manager);
    return net;
  }

  /** The prior's layer, then the generative layers, bottom first: the order the bundle stores them in. */
  private List<Linear> generativeBlocks() {
    List<Linear> out = new ArrayList<>();
    out.add(prior);
    out.addAll(generative);
    return out;
  }

  private static void initialize(Block block, NDManager manager, int inputs) {
    block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    block.initialize(manager, DataType.FLOAT32, new Shape(1, inputs));
  }

  public Architecture architecture() {
    return architecture;
  }

  public FeatureLayout layout() {
    return layout;
  }

  /** The columns of the generative output, and the floor under its log-variances. */
  public OutputHeads heads() {
    return OutputHeads.of(layout, architecture);
  }

  /** Binary units in all layers. */
  public int units() {
    return architecture.latentDim();
  }

  /**
   * Encoded records in engine memory.
   *
   * @param input {@code [N, recognitionInputWidth]} values and observed-mask
   * @param values {@code [N, 1, inputWidth]} the likelihood's targets
   * @param mask {@code [N, 1, featureCount]} 1 where a field is observed
   */
  public record Batch(NDArray input, NDArray values, NDArray mask) {
    /** Each row's {@code s} copies next to each other. */
    public Batch repeat(int s) {
      return s == 1 ? this : new Batch(input.repeat(0, s), values.repeat(0, s), mask.repeat(0, s));
    }
  }

  public Batch batch(NDManager m, List<double[]> rows) {
    FeatureLayout.Encoded e = layout.encode(rows);
    int n = e.rows();
    return new Batch(copy(m, e.recognitionInput(), new Shape(n, layout.recognitionInputWidth())),
        copy(m, e.values(), new Shape(n, 1, layout.inputWidth())),
        copy(m, e.mask(), new Shape(n, 1, layout.featureCount())));
  }

  /**
   * One draw of h ~ q(h|x) per row, with the log-densities NVIL needs.
   *
   * @param head {@code [N, headWidth]} the generative network's output from h_1: p(x|h)'s parameters
   * @param fieldNll {@code [N, F]} -log p(x_j|h) of each observed field (0 where missing), group order
   */
  public record Sample(List<NDArray> states, NDArray logPosterior, NDArray logJoint, NDArray head, NDArray fieldNll) {}

  /**
   * Draws h ~ q(h|x) layer by layer and returns log q(h|x) and log p(x, h), both differentiable in
   * the networks' parameters. Unit u of row i is on when {@code uniforms[i * units() + u]} falls
   * below its probability, so the caller decides the randomness (a seed per record when scoring).
   */
  public Sample sample(ParameterStore parameters, Batch x, float[] uniforms, boolean training) {
    NDManager m = x.input().getManager();
    int n = (int) x.input().getShape().get(0);
    List<NDArray> states = new ArrayList<>(layers.size());
    NDArray below = x.input();
    NDArray logQ = null;
    int offset = 0;
    for (int l = 0; l < layers.size(); l++) {
      int size = layers.get(l);
      NDArray logits = forward(recognition.get(l), parameters, below, training);
      float[] p = logits.getNDArrayInternal().sigmoid().toFloatArray();
      float[] h = new float[p.length];
      for (int i = 0; i < n; i++) {
        for (int u = 0; u < size; u++) {
          h[i * size + u] = uniforms[i * units() + offset + u] < p[i * size + u] ? 1f : 0f;
        }
      }
      NDArray state = copy(m, h, logits.getShape());
      states.add(state);
      NDArray term = Bernoulli.logProbability(logits, state);
      logQ = logQ == null ? term : logQ.add(term);
      below = state;
      offset += size;
    }
    return joint(parameters, x, states, logQ, training);
  }

  /** Uniforms for {@link #sample}: {@code rows * units()} draws from {@code random}. */
  public float[] uniforms(int rows, SplittableRandom random) {
    float[] u = new float[rows * units()];
    for (int i = 0; i < u.length; i++) {
      u[i] = (float) random.nextDouble();
    }
    return u;
  }

  /** {@code [N]} log p(x, h) for given states h_1 .. h_L. */
  public NDArray logJoint(ParameterStore parameters, Batch x, List<NDArray> states, boolean training) {
    return joint(parameters, x, states, null, training).logJoint();
  }

  private Sample joint(ParameterStore parameters, Batch x, List<NDArray> states, NDArray logQ, boolean training) {
    NDManager m = x.input().getManager();
    NDArray top = states.get(states.size() - 1);
    NDArray ones = m.ones(new Shape(top.getShape().get(0), 1));
    NDArray logP = Bernoulli.logProbability(forward(prior, parameters, ones, training), top);
    for (int l = 1; l < layers.size(); l++) {
      logP = logP.add(Bernoulli.logProbability(forward(generative.get(l), parameters, states.get(l), training),
          states.get(l - 1)));
    }
    NDArray head = forward(generative.get(0), parameters, states.get(0), training);
    NDArray fieldNll = likelihood.negativeLogLikelihood(m, head.expandDims(1), x.values()).mul(x.mask()).squeeze(1);
    return new Sample(states, logQ, logP.sub(fieldNll.sum(new int[] {1})), head, fieldNll);
  }

  /**
   * log p(x) of each row estimated with K importance samples from q(h|x) (Burda et al.'s bound, the
   * estimator of the papers' likelihood tables), drawn in chunks.
   */
  public double[] logMarginal(List<double[]> rows, int samples, long seed, NDManager manager) {
    SplittableRandom random = new SplittableRandom(seed);
    LogMeanExp.Chunks chunks = LogMeanExp.Chunks.of(rows.size(), samples);
    LogMeanExp estimate = new LogMeanExp(rows.size());
    for (int from = 0; from < rows.size(); from += chunks.rows()) {
      int n = Math.min(rows.size(), from + chunks.rows()) - from;
      List<double[]> part = rows.subList(from, from + n);
      for (int done = 0; done < samples; done += chunks.samples()) {
        int s = Math.min(chunks.samples(), samples - done);
        try (NDManager m = manager.newSubManager()) {
          Sample h = sample(new ParameterStore(m, false), batch(m, part).repeat(s), uniforms(n * s, random), false);
          estimate.add(h.logJoint().sub(h.logPosterior()).toFloatArray(), from, n, s);
        }
      }
    }
    return estimate.result(samples);
  }

  /** {@code [N]} C_psi(x). */
  public NDArray baseline(ParameterStore parameters, Batch x, boolean training) {
    if (baseline == null) {
      throw new IllegalStateException("this network was loaded for scoring: it has no baseline to train");
    }
    return forward(baseline, parameters, x.input(), training).squeeze(1);
  }

  /**
   * The most probable state of each layer under q, layer by layer (each layer's units rounded given
   * the layer below's mode), and q's probabilities along the way: the record's "operating mode".
   *
   * @param states {@code [N, size_l]} of 0 and 1 per layer, bottom first
   * @param probabilities {@code [N, units()]} q's probability of each unit being on, given the mode below
   */
  public record Mode(List<float[]> states, float[] probabilities) {}

  public Mode mode(ParameterStore parameters, Batch x) {
    List<float[]> out = new ArrayList<>();
    List<NDArray> probabilities = new ArrayList<>();
    NDArray below = x.input();
    for (Linear up : recognition) {
      NDArray logits = forward(up, parameters, below, false);
      probabilities.add(logits.getNDArrayInternal().sigmoid());
      NDArray state = logits.gt(0).toType(DataType.FLOAT32, false);
      out.add(state.toFloatArray());
      below = state;
    }
    NDArray all = probabilities.size() == 1 ? probabilities.get(0)
        : ai.djl.ndarray.NDArrays.concat(new NDList(probabilities), 1);
    return new Mode(out, all.toFloatArray());
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
    if (baseline != null) {
      baseline.getParameters().forEach(p -> out.add(new Pair<>("baseline." + p.getKey(), p.getValue())));
    }
    return out;
  }

  /** The recognition layers' parameters, bottom first, as the bundle stores them. */
  public byte[] recognitionParameters() {
    return BlockParameters.save(recognition);
  }

  /** The prior's, then the generative layers' parameters, bottom first, as the bundle stores them. */
  public byte[] generativeParameters() {
    return BlockParameters.save(generativeBlocks());
  }

  private static NDArray forward(Block block, ParameterStore parameters, NDArray input, boolean training) {
    return block.forward(parameters, new NDList(input), training).singletonOrThrow();
  }
}
