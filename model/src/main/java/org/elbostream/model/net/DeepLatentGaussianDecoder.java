package org.elbostream.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The generative network of a deep latent Gaussian model with L > 1 stochastic layers (Rezende et
 * al. 2014, eq. 2): from z = [xi_1 | ... | xi_L], h_L = xi_L, h_l = T_l(h_{l+1}) + G_l xi_l for
 * l = L-1 .. 1, and the likelihood heads T_0(h_1). Each T is an MLP; each G_l a square matrix that
 * sets how much noise layer l injects (the covariance G_l G_l' of h_l given h_{l+1}). The top layer
 * needs no G: T_{L-1} absorbs it.
 */
final class DeepLatentGaussianDecoder extends AbstractBlock {
  private final List<Integer> layers;
  private final long[] splitPoints;
  private final int headWidth;
  private final List<Block> transitions = new ArrayList<>();
  private final List<Block> noiseMaps = new ArrayList<>();
  private final Block heads;

  /**
   * @param architecture its stochastic layers, xi_1 .. xi_L bottom first
   * @param hidden widths of each MLP's hidden layers
   */
  DeepLatentGaussianDecoder(Architecture architecture, List<Integer> hidden, int headWidth) {
    super((byte) 1);
    this.layers = architecture.stochasticLayers();
    this.headWidth = headWidth;
    splitPoints = architecture.layerSplits();
    for (int i = 0; i < layers.size() - 1; i++) {
      transitions.add(addChildBlock("transition" + (i + 1), VaeNetworks.mlp(hidden, layers.get(i))));
      noiseMaps.add(addChildBlock("noise" + (i + 1), Linear.builder().setUnits(layers.get(i)).optBias(false).build()));
    }
    heads = addChildBlock("heads", VaeNetworks.mlp(hidden, headWidth));
  }

  @Override
  protected NDList forwardInternal(ParameterStore parameters, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDList xi = inputs.singletonOrThrow().split(splitPoints, 1);
    NDArray h = xi.get(layers.size() - 1);
    for (int i = layers.size() - 2; i >= 0; i--) {
      NDArray carried = transitions.get(i).forward(parameters, new NDList(h), training).singletonOrThrow();
      NDArray injected = noiseMaps.get(i).forward(parameters, new NDList(xi.get(i)), training).singletonOrThrow();
      h = carried.add(injected);
    }
    return heads.forward(parameters, new NDList(h), training);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long n = inputShapes[0].get(0);
    for (int i = 0; i < layers.size() - 1; i++) {
      transitions.get(i).initialize(manager, dataType, new Shape(n, layers.get(i + 1)));
      noiseMaps.get(i).initialize(manager, dataType, new Shape(n, layers.get(i)));
    }
    heads.initialize(manager, dataType, new Shape(n, layers.get(0)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), headWidth)};
  }
}
