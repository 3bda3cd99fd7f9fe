package org.elbostream.trainer.eval.baseline;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.elbostream.model.threshold.Thresholds;

/**
 * Isolation Forest (Liu, Ting &amp; Zhou, ICDM 2008), as scikit-learn grows it: each tree on rows
 * drawn without replacement and on a share of the fields drawn without replacement, each node split
 * on a random field that still varies there at a uniform random point between its extremes, to a
 * depth of ⌈log2(samples)⌉. A row's score is {@code 2^(-E[h(x)] / c(samples))}, h its path length
 * with the expected remaining depth {@code c(m)} of a leaf holding m rows added. No Java library
 * outside Spark offers one, so it is written here, small, and tested against scikit-learn's scores
 * on SMD. Each row is scored alone.
 */
public final class IsolationForest implements Detector {
  private static final double EULER_GAMMA = 0.5772156649015329;

  private final Node[] trees;
  private final double normaliser;
  private final MeanFill fill;
  private final Thresholds thresholds;

  /** A split ({@code field >= 0}) or a leaf holding {@code size} training rows. */
  private record Node(int field, double at, Node left, Node right, int size) {}

  private IsolationForest(Node[] trees, int samples, MeanFill fill, List<double[]> train) {
    this.trees = trees;
    this.normaliser = averagePathLength(samples);
    this.fill = fill;
    this.thresholds = Detector.calibrate(this, train);
  }

  public static IsolationForest fit(List<double[]> train, BaselineSettings settings) {
    MeanFill fill = MeanFill.of(train);
    int d = train.get(0).length;
    int samples = Math.min(settings.forestSamples(), train.size());
    int fields = Math.max(1, (int) (settings.forestFeatures() * d));
    int maxDepth = (int) Math.ceil(Math.log(Math.max(samples, 2)) / Math.log(2));
    SplittableRandom random = new SplittableRandom(settings.seed());
    Node[] trees = new Node[settings.forestTrees()];
    for (int t = 0; t < trees.length; t++) {
      int[] rows = draw(random, train.size(), samples);
      double[][] x = new double[samples][];
      for (int i = 0; i < samples; i++) {
        x[i] = fill.apply(train.get(rows[i]));
      }
      trees[t] = grow(x, 0, samples, draw(random, d, fields), 0, maxDepth, random);
    }
    return new IsolationForest(trees, samples, fill, train);
  }

  /** Grows a node on rows [from, to) of {@code x}, reordering them in place. */
  private static Node grow(double[][] x, int from, int to, int[] fields, int depth, int maxDepth,
      SplittableRandom random) {
    int size = to - from;
    if (depth >= maxDepth || size <= 1) {
      return new Node(-1, 0, null, null, size);
    }
    int[] candidates = fields.clone();
    for (int remaining = candidates.length; remaining > 0; remaining--) {
      int pick = random.nextInt(remaining);
      int field = candidates[pick];
      candidates[pick] = candidates[remaining - 1];
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = from; i < to; i++) {
        min = Math.min(min, x[i][field]);
        max = Math.max(max, x[i][field]);
      }
      if (max <= min) {
        continue; // constant here: it cannot split, try another field
      }
      double at = min + random.nextDouble() * (max - min);
      int mid = from;
      for (int i = from; i < to; i++) {
        if (x[i][field] < at) {
          double[] swap = x[mid];
          x[mid++] = x[i];
          x[i] = swap;
        }
      }
      return new Node(field, at, grow(x, from, mid, fields, depth + 1, maxDepth, random),
          grow(x, mid, to, fields, depth + 1, maxDepth, random), size);
    }
    return new Node(-1, 0, null, null, size);
  }

  /** {@code k} distinct values of [0, n), by a partial Fisher-Yates shuffle. */
  private static int[] draw(SplittableRandom random, int n, int k) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(n - i);
      int swap = all[i];
      all[i] = all[j];
      all[j] = swap;
    }
    return Arrays.copyOf(all, k);
  }

  /** c(m): the mean path length of an unsuccessful search in a binary search tree of m keys. */
  static double averagePathLength(int m) {
    if (m <= 1) {
      return 0;
    }
    if (m == 2) {
      return 1;
    }
    return 2 * (Math.log(m - 1.0) + EULER_GAMMA) - 2.0 * (m - 1) / m;
  }

  @Override
  public double[] score(List<double[]> rows, IntConsumer progress) {
    double[] scores = new double[rows.size()];
    for (int i = 0; i < scores.length; i++) {
      double[] x = fill.apply(rows.get(i));
      double depth = 0;
      for (Node tree : trees) {
        Node node = tree;
        int h = 0;
        while (node.field() >= 0) {
          node = x[node.field()] < node.at() ? node.left() : node.right();
          h++;
        }
        depth += h + averagePathLength(node.size());
      }
      scores[i] = Math.pow(2, -depth / trees.length / normaliser);
      progress.accept(i + 1);
    }
    return scores;
  }

  @Override
  public Thresholds thresholds() {
    return thresholds;
  }
}
