package org.elbostream.trainer.fit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/** The trainers' optimiser step: Adam on gradients clipped by their global norm. */
final class ClippedAdam {
  static final double MAX_GRADIENT_NORM = 50;

  private ClippedAdam() {}

  /**
   * One Adam step with the gradients rescaled to a global norm of at most {@link #MAX_GRADIENT_NORM}:
   * a batch holding a rare extreme reading must not throw the networks off in one step.
   */
  static void step(Optimizer adam, List<Pair<String, Parameter>> parameters, NDManager m) {
    List<NDArray> grads = new ArrayList<>(parameters.size());
    double squared = 0;
    for (Pair<String, Parameter> p : parameters) {
      NDArray grad = p.getValue().getArray().getGradient();
      grad.attach(m); // the handle is closed with the step, the gradient buffer stays with its parameter
      grads.add(grad);
      squared += grad.square().sum().getFloat();
    }
    double norm = Math.sqrt(squared);
    float scale = norm > MAX_GRADIENT_NORM ? (float) (MAX_GRADIENT_NORM / norm) : 1f;
    for (int i = 0; i < grads.size(); i++) {
      NDArray grad = grads.get(i);
      adam.update(parameters.get(i).getKey(), parameters.get(i).getValue().getArray(),
          scale == 1f ? grad : grad.mul(scale));
      grad.subi(grad); // PyTorch accumulates gradients: clear them for the next step
    }
  }

}
