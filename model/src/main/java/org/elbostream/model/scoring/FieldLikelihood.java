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
 * real and positive numbers Gaussian or Student-t over their normalised value (of {@code log(1+x)}
 * for a positive one: log-normal), counts Poisson, with location and floored log-variance heads;
 * Bernoulli (a logit), categorical (logits) and ordinal (a cumulative link: location and thresholds).
 * Every model kind's generative network ends in these heads, so all of them read any record.
 */
public final class FieldLikelihood {
  private static final double LOG_2PI = StrictMath.log(2 * Math.PI);
  private final FeatureLayout layout;
  private final OutputHeads heads;
  private final long[] valueSplits;
  /** Per numeric-group column, 1 where the number has that likelihood; null when no number has it. */
  private final float[] studentT;
  private final float[] poisson;
  private final float[] normal;
  /** A count's log-rate from its location head: offset + scale * location, per numeric-group column. */
  private final float[] rateOffset;
  private final float[] rateScale;

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
    int g = layout.numericCount();
    this.studentT = flags(heads, g, Likelihood.STUDENT_T);
    this.poisson = flags(heads, g, Likelihood.POISSON);
    float[] isNormal = flags(heads, g, Likelihood.GAUSSIAN);
    float[] isLogNormal = flags(heads, g, Likelihood.LOG_NORMAL);
    if (isNormal == null) {
      isNormal = isLogNormal;
    } else if (isLogNormal != null) {
      for (int k = 0; k < g; k++) {
        isNormal[k] += isLogNormal[k];
      }
    }
    this.normal = isNormal;
    this.rateOffset = new float[g];
    this.rateScale = new float[g];
    for (int k = 0; k < g; k++) {
      int j = layout.featureIndex(k);
      rateOffset[k] = (float) heads.rateOffset(j);
      rateScale[k] = (float) heads.rateScale(j);
    }
  }

  private static float[] flags(OutputHeads heads, int numbers, Likelihood kind) {
    float[] flags = new float[numbers];
    boolean any = false;
    for (int k = 0; k < numbers; k++) {
      if (heads.kind(heads.layout().featureIndex(k)) == kind) {
        flags[k] = 1f;
        any = true;
      }
    }
    return any ? flags : null;
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
      NDArray r2 = normal == null && studentT == null ? null : x.sub(mu).square().mul(logVar.neg().exp());
      List<NDArray> kinds = new ArrayList<>();
      if (normal != null) {
        kinds.add(select(manager, normal, g, r2.add(logVar).add(constant(manager, LOG_2PI)).mul(half)));
      }
      if (studentT != null) {
        kinds.add(select(manager, studentT, g, r2.div(constant(manager, StudentT.DEGREES_OF_FREEDOM))
            .add(constant(manager, 1)).log().mul(constant(manager, 0.5 * (StudentT.DEGREES_OF_FREEDOM + 1)))
            .add(logVar.mul(half)).sub(constant(manager, StudentT.LOG_NORMALISER))));
      }
      if (poisson != null) {
        // -log Poisson(x; lambda) = lambda - x log lambda + log x!, the log-rate clipped so that a
        // wild head cannot overflow lambda; a column that is no count reads 0 where it is masked out.
        NDArray logRate = mu.mul(manager.create(rateScale, new Shape(1, 1, g)))
            .add(manager.create(rateOffset, new Shape(1, 1, g))).clip(-OutputHeads.MAX_LOG_RATE, OutputHeads.MAX_LOG_RATE);
        NDArray count = x.mul(manager.create(poisson, new Shape(1, 1, g)));
        kinds.add(select(manager, poisson, g, logRate.exp().sub(count.mul(logRate))
            .add(count.add(constant(manager, 1)).gammaln())));
      }
      NDArray numbers = kinds.get(0);
      for (int k = 1; k < kinds.size(); k++) {
        numbers = numbers.add(kinds.get(k));
      }
      parts.add(numbers);
    }
    if (b > 0) {
      NDArray logits = groups.get(head++);
      NDArray x = targets.get(target++);
      parts.add(Activation.softPlus(logits).sub(x.mul(logits)));
    }
    for (int k = 0; k < categorical.length; k++) {
      NDArray columns = groups.get(head++);
      NDArray oneHot = targets.get(target++);
      NDArray logP = heads.kind(categorical[k]) == Likelihood.ORDINAL ? heads.ordinalProbabilities(manager, columns).log()
          : columns.logSoftmax(-1);
      parts.add(logP.mul(oneHot).sum(new int[] {2}, true).neg());
    }
    return parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 2);
  }

  /** Each number's term where its flag is 1, 0 elsewhere. A single kind needs no mask. */
  private static NDArray select(NDManager manager, float[] flags, int numbers, NDArray term) {
    for (float f : flags) {
      if (f == 0f) {
        return term.mul(manager.create(flags, new Shape(1, 1, numbers)));
      }
    }
    return term;
  }
}
