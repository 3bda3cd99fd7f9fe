package org.elbostream.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays made in engine memory for differentiable code. Not {@code array.mul(0.5f)} nor an array
 * over Java data: DJL turns a Java number or array into a tensor over a Java buffer and may drop the
 * buffer when the call returns, but autograd keeps that tensor for the backward pass, which then
 * reads memory the garbage collector may have freed — a training run that does not repeat, or NaN.
 */
public final class EngineArrays {
  private EngineArrays() {}

  /** A one-element scalar, broadcast by every operation. */
  public static NDArray constant(NDManager manager, double value) {
    return manager.full(new Shape(1), (float) value);
  }

  /** The data copied into engine-allocated memory. */
  public static NDArray copy(NDManager manager, float[] data, Shape shape) {
    try (NDArray wrapped = manager.create(data, shape)) {
      return wrapped.duplicate();
    }
  }
}
