package org.elbostream.model.net;

import static org.elbostream.model.net.EngineArrays.constant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.Likelihood;

/**
 * The columns of the generative network's output, the one place that knows them: the numbers'
 * locations (Gaussian or Student-t), then their log-variances (of the t's scale), then the Bernoulli
 * fields' logits, then each categorical field's logits, in the layout's group order; and the soft
 * floor under a number's log-variance
 * ({@link Architecture#minLogVariance()}). The bound, the posterior predictive and the samplers all
 * read the heads through it, so they agree on every density.
 */
public final class OutputHeads {
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
      kind[j] = Likelihood.CATEGORICAL;
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
