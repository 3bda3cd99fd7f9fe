package org.elbostream.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A generative network whose numbers' log-variances do not depend on z: the MLP's log-variance
 * heads are read at z = 0 (with the record's past, for a model that reads one), its means and the
 * other heads at the record's own z. A decoder whose variance follows z can place a record that
 * drifted from training where it predicts a tiny variance, and a small drift then scores thousands
 * of nats; with one variance per field (given the past), a field's term grows with its squared
 * residual over a spread that held for every normal record, as probabilistic PCA's does.
 */
final class FieldVarianceDecoder extends AbstractBlock {
  private final Block mlp;
  private final int latentDim;
  private final int numbers;
  private final int headWidth;

  /**
   * @param numbers the number fields, whose locations and then log-variances open the heads
   */
  FieldVarianceDecoder(Block mlp, int latentDim, int numbers, int headWidth) {
    super((byte) 1);
    this.mlp = addChildBlock("heads", mlp);
    this.latentDim = latentDim;
    this.numbers = numbers;
    this.headWidth = headWidth;
  }

  @Override
  protected NDList forwardInternal(ParameterStore parameters, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray input = inputs.singletonOrThrow();
    NDArray out = mlp.forward(parameters, new NDList(input), training).singletonOrThrow();
    if (numbers == 0) {
      return new NDList(out);
    }
    long rows = input.getShape().get(0);
    long past = input.getShape().get(1) - latentDim;
    // Without a past every row's z = 0 input is the same: one row, broadcast.
    NDArray atZero = past == 0 ? input.getManager().zeros(new Shape(1, latentDim), input.getDataType())
        : input.getManager().zeros(new Shape(rows, latentDim), input.getDataType())
            .concat(input.split(new long[] {latentDim}, 1).get(1), 1);
    NDArray variances = mlp.forward(parameters, new NDList(atZero), training).singletonOrThrow()
        .split(new long[] {numbers, 2L * numbers}, 1).get(1);
    NDList parts = out.split(new long[] {numbers, 2L * numbers}, 1);
    NDArray logVariance = past == 0 ? variances.broadcast(new Shape(rows, numbers)) : variances;
    return new NDList(NDArrays.concat(new NDList(parts.get(0), logVariance, parts.get(2)), 1));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    mlp.initialize(manager, dataType, inputShapes);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), headWidth)};
  }
}
