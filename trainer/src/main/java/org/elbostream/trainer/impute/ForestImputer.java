package org.elbostream.trainer.impute;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
import java.util.stream.IntStream;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

/**
 * The random-forest imputer (MissForest: Stekhoven &amp; Bühlmann, Bioinformatics 2012), the
 * strongest of the classic baselines on tables: start from the column means, then, column by
 * column from the one missing least, fit a random forest (Tribuo's regression trees, each on a
 * bootstrap sample, a third of the columns weighed at each split) on the rows that observe the
 * column, the other columns as they are now filled, and predict its missing cells;
 * repeat until the filled cells change more than the round before, or {@code maxRounds}, and keep
 * the last round that moved them less.
 *
 * @param trees trees per forest
 * @param maxRounds rounds over the columns at most
 * @param maxDepth each tree's depth at most
 * @param seed the trees' draws
 */
public record ForestImputer(int trees, int maxRounds, int maxDepth, long seed) {
  private static final RegressionFactory FACTORY = new RegressionFactory();

  public ForestImputer {
    if (trees < 1 || maxRounds < 1 || maxDepth < 1) {
      throw new IllegalArgumentException("a forest imputer needs at least 1 tree, 1 round and depth 1; got " + trees
          + " trees, " + maxRounds + " rounds, depth " + maxDepth);
    }
  }

  /** Ten trees a forest, at most four rounds (on spam, ten trees already match scikit-learn's thirty extra-trees). */
  public static ForestImputer defaults(long seed) {
    return new ForestImputer(10, 4, 20, seed);
  }

  /**
   * Missing cells (NaN) filled.
   *
   * @param progress hears the fraction of the rounds done
   */
  public double[][] impute(List<double[]> rows, DoubleConsumer progress) {
    int d = rows.get(0).length;
    double[][] filled = Baselines.mean(rows);
    long[] missing = new long[d];
    for (double[] r : rows) {
      for (int j = 0; j < d; j++) {
        missing[j] += Double.isNaN(r[j]) ? 1 : 0;
      }
    }
    List<Integer> columns = IntStream.range(0, d).filter(j -> missing[j] > 0).boxed()
        .sorted(Comparator.comparingLong(j -> missing[j])).toList();
    double previousChange = Double.POSITIVE_INFINITY;
    double[][] kept = copy(filled);
    for (int round = 0; round < maxRounds && !columns.isEmpty(); round++) {
      double[][] before = copy(filled);
      for (int c = 0; c < columns.size(); c++) {
        int j = columns.get(c);
        fill(rows, filled, j, seed + 1000L * round + j);
        progress.accept((round + (c + 1.0) / columns.size()) / maxRounds);
      }
      double change = change(rows, before, filled);
      if (change >= previousChange) {
        return kept; // the last round moved them more than the one before: stop at the one before
      }
      previousChange = change;
      kept = copy(filled);
    }
    progress.accept(1);
    return kept;
  }

  /** Fits column j on the rows that observe it and predicts the rest, in place. */
  private void fill(List<double[]> rows, double[][] filled, int j, long drawSeed) {
    int d = filled[0].length;
    String[] names = new String[d - 1];
    for (int k = 0, m = 0; k < d; k++) {
      if (k != j) {
        names[m++] = "c" + k;
      }
    }
    MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("missforest", FACTORY),
        FACTORY);
    List<Integer> targets = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (Double.isNaN(rows.get(i)[j])) {
        targets.add(i);
      } else {
        data.add(new ArrayExample<>(new Regressor("y", rows.get(i)[j]), names, others(filled[i], j)));
      }
    }
    List<ArrayExample<Regressor>> queries = targets.stream()
        .map(i -> new ArrayExample<>(FACTORY.getUnknownOutput(), names, others(filled[i], j))).toList();
    // The forest's trees grow apart on the machine's cores; each on its own bootstrap sample, each
    // split weighing a third of the columns (Breiman's regression forest).
    double[][] votes = IntStream.range(0, trees).parallel().mapToObj(t -> {
      SplittableRandom draw = new SplittableRandom(drawSeed * 31 + t);
      MutableDataset<Regressor> sample = new MutableDataset<>(data.getProvenance(), FACTORY);
      for (int k = 0; k < data.size(); k++) {
        sample.add(data.getExample(draw.nextInt(data.size())));
      }
      CARTRegressionTrainer grower = new CARTRegressionTrainer(maxDepth, 5f, 0f, 1f / 3, false, new MeanSquaredError(),
          drawSeed * 31 + t);
      Model<Regressor> tree = grower.train(sample);
      return queries.stream().mapToDouble(q -> tree.predict(q).getOutput().getValues()[0]).toArray();
    }).toArray(double[][]::new);
    for (int q = 0; q < targets.size(); q++) {
      double sum = 0;
      for (double[] vote : votes) {
        sum += vote[q];
      }
      filled[targets.get(q)][j] = sum / trees;
    }
  }

  private static double[] others(double[] row, int j) {
    double[] out = new double[row.length - 1];
    for (int k = 0, m = 0; k < row.length; k++) {
      if (k != j) {
        out[m++] = row[k];
      }
    }
    return out;
  }

  /** MissForest's stopping statistic: the filled cells' squared change over their squared size. */
  private static double change(List<double[]> rows, double[][] before, double[][] after) {
    double moved = 0;
    double size = 0;
    for (int i = 0; i < after.length; i++) {
      for (int j = 0; j < after[i].length; j++) {
        if (Double.isNaN(rows.get(i)[j])) {
          double delta = after[i][j] - before[i][j];
          moved += delta * delta;
          size += after[i][j] * after[i][j];
        }
      }
    }
    return size == 0 ? 0 : moved / size;
  }

  private static double[][] copy(double[][] m) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
  }
}
