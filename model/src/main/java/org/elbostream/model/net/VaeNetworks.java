package org.elbostream.model.net;

import ai.djl.Device;
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
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.elbostream.model.feature.FeatureLayout;

/**
 * The model pair: recognition network q(z|x) and generative network p(x|z). This is the only place
 * the architecture is written; the trainer and the streaming service both get their networks here.
 *
 * <p>With a window of W records, both networks also read the record's past c, its key's previous W
 * records: q(z|x, c) and p(x|z, c), a conditional VAE of the newest record given its past. The past
 * enters each network's first layer beside its own input, so the first layer is a learned filter
 * bank over the window; the prior of z stays N(0, I), so the score is a bound on -log p(x|c) whose
 * per-field terms and KL term add up to it, as for a record alone.
 */
public final class VaeNetworks {
  private final Architecture architecture;
  private final FeatureLayout layout;
  private final SequentialBlock recognition;
  private final Block generative;

  private VaeNetworks(Architecture architecture, FeatureLayout layout, NDManager manager) {
    // Arguments run left to right: recognition first, so a seed initialises both as it always has.
    this(architecture, layout, recognitionBlock(architecture, layout, manager),
        generativeBlock(architecture, layout, manager));
  }

  private VaeNetworks(Architecture architecture, FeatureLayout layout, SequentialBlock recognition, Block generative) {
    this.architecture = architecture;
    this.layout = layout;
    this.recognition = recognition;
    this.generative = generative;
  }

  private static SequentialBlock recognitionBlock(Architecture architecture, FeatureLayout layout, NDManager manager) {
    SequentialBlock recognition = mlp(architecture.hidden(), architecture.posteriorParameters() * architecture.latentDim());
    recognition.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    recognition.initialize(manager, DataType.FLOAT32,
        new Shape(1, layout.recognitionInputWidth() + pastWidth(architecture, layout)));
    if (architecture.covariance() == Architecture.Posterior.RANK_ONE) {
      startNearTheDiagonalPosterior(recognition, architecture.latentDim());
    }
    return recognition;
  }

  /**
   * Shrinks the initial weights that emit the rank-one posterior's u a hundredfold, so q starts
   * almost diagonal (u'D^-1 u about 0.01) and tilts as training finds directions worth it. Not to
   * zero: the bound depends on u only through u u', so at u = 0 its gradient vanishes and u would
   * never move. With Xavier's scale, u'D^-1 u starts near 100 and binarised MNIST's DLGM trailed
   * the diagonal one by 6 nats at epoch 25; at a hundredth, by 4.
   */
  private static void startNearTheDiagonalPosterior(SequentialBlock recognition, int latentDim) {
    Block output = recognition.getChildren().get(recognition.getChildren().size() - 1).getValue();
    NDArray weight = output.getParameters().get("weight").getArray(); // [3 * latentDim, inputs], u's rows last
    float[] values = weight.toFloatArray();
    long inputs = weight.getShape().get(1);
    for (int i = (int) (2L * latentDim * inputs); i < values.length; i++) {
      values[i] *= 0.01f;
    }
    weight.set(FloatBuffer.wrap(values));
  }

  private static Block generativeBlock(Architecture architecture, FeatureLayout layout, NDManager manager) {
    List<Integer> mirrored = new ArrayList<>(architecture.hidden());
    Collections.reverse(mirrored);
    // One stochastic layer keeps the plain MLP, and so the parameter files bundles have always had.
    Block generative = architecture.stochasticLayers().size() > 1
        ? new DeepLatentGaussianDecoder(architecture, mirrored, layout.headWidth())
        : architecture.numberVariance() == Architecture.Variance.FIELD
            ? new FieldVarianceDecoder(mlp(mirrored, layout.headWidth()), architecture.latentDim(),
                layout.numericCount(), layout.headWidth())
            : mlp(mirrored, layout.headWidth());
    generative.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    generative.initialize(manager, DataType.FLOAT32,
        new Shape(1, architecture.latentDim() + pastWidth(architecture, layout)));
    return generative;
  }

  /**
   * The same recognition network with another draw of the generative weights (a sample of a
   * Bayesian generative network), frozen for inference.
   */
  public VaeNetworks withGenerativeParameters(byte[] parameters, NDManager manager) throws IOException {
    Block other = generativeBlock(architecture, layout, manager);
    load(other, parameters, manager);
    return new VaeNetworks(architecture, layout, recognition, other);
  }

  /**
   * Fresh networks with Xavier-initialised weights. Initialisation draws from the engine's random
   * generator, so seed it ({@code Engine.getInstance().setRandomSeed}) first for a reproducible run.
   */
  public static VaeNetworks create(Architecture architecture, FeatureLayout layout, NDManager manager) {
    return new VaeNetworks(architecture, layout, manager);
  }

  /**
   * Networks rebuilt from the architecture and filled with saved parameters, frozen for inference:
   * no parameter records gradients, so scoring on any thread builds no autograd graph.
   */
  public static VaeNetworks load(Architecture architecture, FeatureLayout layout, NDManager manager,
      byte[] recognitionParameters, byte[] generativeParameters) throws IOException {
    VaeNetworks networks = new VaeNetworks(architecture, layout, manager);
    load(networks.recognition, recognitionParameters, manager);
    load(networks.generative, generativeParameters, manager);
    return networks;
  }

  /** Fills a block with saved parameters and freezes them. */
  private static void load(Block block, byte[] parameters, NDManager manager) throws IOException {
    BlockParameters.load(List.of(block), parameters, manager);
  }

  static SequentialBlock mlp(List<Integer> hidden, int outputs) {
    SequentialBlock block = new SequentialBlock();
    for (int width : hidden) {
      block.add(Linear.builder().setUnits(width).build());
      block.add(Activation.reluBlock());
    }
    block.add(Linear.builder().setUnits(outputs).build());
    return block;
  }

  public Architecture architecture() {
    return architecture;
  }

  /**
   * Columns of a record's past that both networks read after their own input: the window's
   * records, each encoded as a recognition input ([values | mask]); 0 for the per-record model.
   */
  public int pastWidth() {
    return pastWidth(architecture, layout);
  }

  private static int pastWidth(Architecture architecture, FeatureLayout layout) {
    return architecture.pastRecords() * layout.recognitionInputWidth();
  }

  public FeatureLayout layout() {
    return layout;
  }

  /** The columns of the generative network's output, and the floor under its log-variances. */
  public OutputHeads heads() {
    return OutputHeads.of(layout, architecture);
  }

  public SequentialBlock recognition() {
    return recognition;
  }

  public Block generative() {
    return generative;
  }

  /**
   * The generative network's output for {@code samples} z samples of each of n records, each
   * decoded with its record's past.
   *
   * <p>The first layer of the plain network is linear in {@code [z | c]}, so its past half, W_c c,
   * is computed once per record and added to every sample's W_z z, rather than the past copied to
   * each of the samples: the same sum in another order, a few times less arithmetic at a window of
   * 10. A decoder of another shape reads the copied past.
   *
   * @param z {@code [n * samples, latentDim]}, each record's samples together
   * @param past {@code [n, pastWidth]}, or null for a model that reads records alone
   * @return {@code [n * samples, headWidth]}
   */
  public NDArray decode(ParameterStore parameters, NDArray z, NDArray past, int samples, boolean training) {
    if (past == null) {
      return generative.forward(parameters, new NDList(z), training).singletonOrThrow();
    }
    long n = past.getShape().get(0);
    if (!(generative instanceof SequentialBlock mlp)) {
      NDArray copied = past.expandDims(1).repeat(1, samples).reshape(n * samples, past.getShape().get(1));
      return generative.forward(parameters, new NDList(z.concat(copied, 1)), training).singletonOrThrow();
    }
    List<Block> layers = mlp.getChildren().values();
    Block first = layers.get(0);
    Device device = z.getDevice();
    NDArray weight = parameters.getValue(first.getParameters().get("weight"), device, training);
    NDArray bias = parameters.getValue(first.getParameters().get("bias"), device, training);
    int latent = architecture.latentDim();
    long units = weight.getShape().get(0);
    NDArray fromZ = z.matMul(weight.get(":, :" + latent).transpose()).reshape(n, samples, units);
    NDArray fromPast = past.matMul(weight.get(":, " + latent + ":").transpose()).add(bias).expandDims(1);
    NDList h = new NDList(fromZ.add(fromPast).reshape(n * samples, units));
    for (Block layer : layers.subList(1, layers.size())) {
      h = layer.forward(parameters, h, training);
    }
    return h.singletonOrThrow();
  }

  /** Every trainable parameter of both networks, with a stable name. */
  public List<Pair<String, Parameter>> parameters() {
    List<Pair<String, Parameter>> out = new ArrayList<>();
    recognition.getParameters().forEach(p -> out.add(new Pair<>("recognition." + p.getKey(), p.getValue())));
    generative.getParameters().forEach(p -> out.add(new Pair<>("generative." + p.getKey(), p.getValue())));
    return out;
  }

  public byte[] recognitionParameters() {
    return serialise(recognition);
  }

  public byte[] generativeParameters() {
    return serialise(generative);
  }

  private static byte[] serialise(Block block) {
    return BlockParameters.save(List.of(block));
  }

}
