package org.elbostream.model.scoring;

import static org.elbostream.model.net.EngineArrays.constant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.Likelihood;
import org.elbostream.model.feature.StudentT;
import org.elbostream.model.net.OutputHeads;

/**
 * The likelihood p(x | head) of a record given the generative network's output, field by field:
 * numbers Gaussian or Student-t (location and floored log-variance heads), Bernoulli (a logit) and
 * categorical (logits). Every model kind's generative network ends in these heads, so all of them
 * read any record.
 */
public final class FieldLikelihood {
  private static final double LOG_2PI = StrictMath.log(2 * Math.PI);
  private final FeatureLayout layout;
  private final OutputHeads heads;
  private final long[] valueSplits;
  /** Per numeric-group column, 1 for a Student-t number; null when there are none. */
  private final float[] studentT;
  /** Whether some numbers are Gaussian. */
  private final boolean gaussian;

  public FieldLikelihood(OutputHeads heads) {
    this.layout = heads.layout();
    this.heads = heads;
    List<Integer> targets = new ArrayList<>();
    if (layout.numericCount() > 0) {
      targets.add(layout.numericCount());
    }
    if (layout.bernoulliCount() > 0) {
      targets.add(layout.bernoulliCount());
    }
    for (int j : layout.categoricalFeatures()) {
      targets.add(heads.symbols(j));
    }
    this.valueSplits = OutputHeads.splitPoints(targets);
    float[] flags = new float[layout.numericCount()];
    int count = 0;
    for (int k = 0; k < flags.length; k++) {
      if (heads.kind(layout.featureIndex(k)) == Likelihood.STUDENT_T) {
        flags[k] = 1f;
        count++;
      }
    }
    this.studentT = count == 0 ? null : flags;
    this.gaussian = count < flags.length;
  }

  /**
   * {@code [N, S, F]} -log p(x_j | head) of every field, observed or not (the caller masks), in
   * group order. Heads are cut with split rather than index slicing: its backward is a plain
   * concatenation, which keeps multi-threaded training bit-for-bit reproducible.
   *
   * @param out generative outputs {@code [N, S, headWidth]}
   * @param values encoded values {@code [N, 1, inputWidth]}
   */
  public NDArray negativeLogLikelihood(NDManager manager, NDArray out, NDArray values) {
    NDArray half = constant(manager, 0.5);
    int g = layout.numericCount();
    int b = layout.bernoulliCount();
    int[] categorical = layout.categoricalFeatures();
    NDList groups = out.split(heads.groupSplits(), 2);
    NDList targets = values.split(valueSplits, 2);
    List<NDArray> parts = new ArrayList<>();
    int head = 0;
    int target = 0;
    if (g > 0) {
      NDArray mu = groups.get(head++);
      NDArray logVar = heads.logVariance(manager, groups.get(head++));
      NDArray x = targets.get(target++);
      NDArray r2 = x.sub(mu).square().mul(logVar.neg().exp());
      NDArray normal = gaussian ? r2.add(logVar).add(constant(manager, LOG_2PI)).mul(half) : null;
      NDArray t = studentT == null ? null
          : r2.div(constant(manager, StudentT.DEGREES_OF_FREEDOM)).add(constant(manager, 1)).log()
              .mul(constant(manager, 0.5 * (StudentT.DEGREES_OF_FREEDOM + 1)))
              .add(logVar.mul(half)).sub(constant(manager, StudentT.LOG_NORMALISER));
      if (t != null && normal != null) {
        // Some numbers of each: a 0/1 column mask picks each field's own density.
        NDArray isT = manager.create(studentT, new Shape(1, 1, g));
        t = t.mul(isT).add(normal.mul(isT.neg().add(constant(manager, 1))));
      }
      parts.add(t != null ? t : normal);
    }
    if (b > 0) {
      NDArray logits = groups.get(head++);
      NDArray x = targets.get(target++);
      parts.add(Activation.softPlus(logits).sub(x.mul(logits)));
    }
    for (int k = 0; k < categorical.length; k++) {
      NDArray logits = groups.get(head++);
      NDArray oneHot = targets.get(target++);
      parts.add(logits.logSoftmax(-1).mul(oneHot).sum(new int[] {2}, true).neg());
    }
    return parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 2);
  }
}
