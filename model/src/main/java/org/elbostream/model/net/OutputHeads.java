package org.elbostream.model.net;

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

/**
 * The columns of the generative network's output, the one place that knows them: the numbers'
 * locations (Gaussian, Student-t or log-normal; a count's log-rate), then their log-variances (of
 * the t's scale; a count leaves its own unused), then the Bernoulli fields' logits, then each enum's
 * columns (a categorical field's logits, an ordinal field's location and thresholds), in the
 * layout's group order; and the soft
 * floor under a number's log-variance
 * ({@link Architecture#minLogVariance()}). The bound, the posterior predictive and the samplers all
 * read the heads through it, so they agree on every density.
 */
public final class OutputHeads {
  /** Bound of a count's log-rate: a wild head must not overflow the rate (e^20 is 4.9e8). */
  public static final double MAX_LOG_RATE = 20;
  /** Floor of an ordinal class's probability before its log, which rounding could bring to 0. */
  public static final float MIN_PROBABILITY = 1e-12f;
  private final FeatureLayout layout;
  private final double minLogVariance;
  /** Per feature: its likelihood, its first column, and (a number) its log-variance column. */
  private final Likelihood[] kind;
  private final int[] column;
  private final int[] varianceColumn;
  private final long[] groupSplits;

  public OutputHeads(FeatureLayout layout, double minLogVariance) {
    this.layout = layout;
    this.minLogVariance = minLogVariance;
    int f = layout.featureCount();
    int g = layout.numericCount();
    int b = layout.bernoulliCount();
    kind = new Likelihood[f];
    column = new int[f];
    varianceColumn = new int[f];
    List<Integer> groups = new ArrayList<>();
    for (int k = 0; k < g; k++) {
      int j = layout.featureIndex(k);
      kind[j] = layout.spec().features().get(j).likelihood();
      column[j] = k;
      varianceColumn[j] = g + k;
    }
    if (g > 0) {
      groups.add(g);
      groups.add(g);
    }
    for (int k = 0; k < b; k++) {
      int j = layout.featureIndex(g + k);
      kind[j] = Likelihood.BERNOULLI;
      column[j] = 2 * g + k;
    }
    if (b > 0) {
      groups.add(b);
    }
    int at = 2 * g + b;
    for (int j : layout.categoricalFeatures()) {
      int symbols = symbols(j);
      kind[j] = layout.spec().features().get(j).likelihood();
      column[j] = at;
      at += symbols;
      groups.add(symbols);
    }
    groupSplits = splitPoints(groups);
  }

  /** The heads of a network of {@code architecture} over {@code layout}. */
  public static OutputHeads of(FeatureLayout layout, Architecture architecture) {
    return new OutputHeads(layout, architecture.minLogVariance());
  }

  public FeatureLayout layout() {
    return layout;
  }

  /** Columns per z sample. */
  public int width() {
    return layout.headWidth();
  }

  public Likelihood kind(int feature) {
    return kind[feature];
  }

  /** The feature's first column: a number's location, a Bernoulli's logit, a categorical's first logit. */
  public int column(int feature) {
    return column[feature];
  }

  /** A number's log-variance column. */
  public int varianceColumn(int feature) {
    return varianceColumn[feature];
  }

  /** A categorical feature's symbols; 2 for a Bernoulli one. */
  public int symbols(int feature) {
    return layout.spec().features().get(feature).likelihood() == Likelihood.BERNOULLI ? 2
        : layout.spec().features().get(feature).categories().size();
  }

  /**
   * Split points along the last axis between the groups: number locations | number log-variances |
   * Bernoulli logits | each categorical field's logits (empty groups left out).
   */
  public long[] groupSplits() {
    return groupSplits.clone();
  }

  /** The first column of the numbers' log-variances, of the Bernoulli logits. */
  public int logVarianceStart() {
    return layout.numericCount();
  }

  public int bernoulliStart() {
    return 2 * layout.numericCount();
  }

  /**
   * softplus(raw - floor) + floor, in the engine: the log-variance never drops below the floor, and
   * its gradient never vanishes at it.
   */
  public NDArray logVariance(NDManager manager, NDArray raw) {
    NDArray floor = constant(manager, minLogVariance);
    return Activation.softPlus(raw.sub(floor)).add(floor);
  }

  /** The same floor on the JVM, with StrictMath, so that a seed gives the same chain before and after the JIT. */
  public double logVariance(double raw) {
    double x = raw - minLogVariance;
    return (x > 30 ? x : StrictMath.log1p(StrictMath.exp(x))) + minLogVariance;
  }

  /**
   * A count's log-rate is {@code rateOffset + rateScale * location}: its location head lives in the
   * normalised units of {@code log(1 + x)}, as every number's does. 0 for a feature that is no count.
   */
  public double rateOffset(int feature) {
    return kind[feature] == Likelihood.POISSON ? layout.spec().features().get(feature).offset() : 0;
  }

  /** See {@link #rateOffset}; 1 for a feature that is no count. */
  public double rateScale(int feature) {
    return kind[feature] == Likelihood.POISSON ? layout.spec().features().get(feature).scale() : 1;
  }

  /** A count's log-rate from the head starting at {@code at}, clipped as the bound clips it. */
  public double logRate(float[] heads, int at, int feature) {
    double logRate = rateOffset(feature) + rateScale(feature) * heads[at + column[feature]];
    return Math.max(-MAX_LOG_RATE, Math.min(MAX_LOG_RATE, logRate));
  }

  /**
   * An ordinal feature's class probabilities from the head starting at {@code at}: location eta,
   * first threshold, then steps made positive by softplus; P(y = k) = sigmoid(theta_k - eta) -
   * sigmoid(theta_{k-1} - eta), floored as the bound floors it (before its log), with StrictMath.
   * The thresholds' first column is theta_0 and each next one adds softplus of its column.
   */
  public double[] ordinalProbabilities(float[] heads, int at, int feature) {
    int classes = symbols(feature);
    int first = at + column[feature];
    double eta = heads[first];
    double threshold = heads[first + 1];
    double[] p = new double[classes];
    double below = 0;
    for (int k = 0; k < classes - 1; k++) {
      if (k > 0) {
        double step = heads[first + 1 + k];
        threshold += step > 30 ? step : StrictMath.log1p(StrictMath.exp(step));
      }
      double cumulative = 1 / (1 + StrictMath.exp(-(threshold - eta)));
      p[k] = Math.max(MIN_PROBABILITY, cumulative - below);
      below = cumulative;
    }
    p[classes - 1] = Math.max(MIN_PROBABILITY, 1 - below);
    return p;
  }

  /**
   * {@code [N, S, K]} P(y = k) of an ordinal field from its K head columns {@code [N, S, K]}, in the
   * engine, as {@link #ordinalProbabilities(float[], int, int)} computes them on the JVM.
   */
  public NDArray ordinalProbabilities(NDManager manager, NDArray columns) {
    long classes = columns.getShape().get(2);
    NDList cut = columns.split(new long[] {1, 2}, 2);
    NDArray eta = cut.get(0);
    NDArray thresholds = classes == 2 ? cut.get(1)
        : NDArrays.concat(new NDList(cut.get(1), Activation.softPlus(cut.get(2))), 2).cumSum(2);
    NDArray below = Activation.sigmoid(thresholds.sub(eta));
    Shape edge = new Shape(below.getShape().get(0), below.getShape().get(1), 1);
    NDArray upper = NDArrays.concat(new NDList(below, manager.ones(edge)), 2);
    NDArray lower = NDArrays.concat(new NDList(manager.zeros(edge), below), 2);
    return upper.sub(lower).maximum(MIN_PROBABILITY);
  }

  /** Split points after each width but the last. */
  public static long[] splitPoints(List<Integer> widths) {
    long[] points = new long[Math.max(0, widths.size() - 1)];
    long at = 0;
    for (int i = 0; i < points.length; i++) {
      at += widths.get(i);
      points[i] = at;
    }
    return points;
  }
}
