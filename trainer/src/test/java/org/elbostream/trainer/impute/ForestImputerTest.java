package org.elbostream.trainer.impute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForestImputerTest {

  /** Three columns tied by steps and curves a linear fill cannot follow; 20 % of cells hidden. */
  private static List<double[]> table(int n, SplittableRandom r, List<double[]> truth) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = r.nextDouble();
      double[] row = {x, x < 0.5 ? 0 : 1, Math.sin(6 * x) + 0.01 * r.nextGaussian()};
      truth.add(row);
      double[] seen = row.clone();
      for (int j = 0; j < seen.length; j++) {
        if (r.nextDouble() < 0.2) {
          seen[j] = Double.NaN;
        }
      }
      out.add(seen);
    }
    return out;
  }

  private static double rmse(List<double[]> seen, List<double[]> truth, double[][] filled) {
    double sum = 0;
    int cells = 0;
    for (int i = 0; i < seen.size(); i++) {
      for (int j = 0; j < filled[i].length; j++) {
        if (Double.isNaN(seen.get(i)[j])) {
          double e = filled[i][j] - truth.get(i)[j];
          sum += e * e;
          cells++;
        }
      }
    }
    return Math.sqrt(sum / cells);
  }

  @Test
  void shouldFollowWhatTheOtherColumnsSayWhereTheMeanCannot() {
    List<double[]> truth = new ArrayList<>();
    List<double[]> seen = table(600, new SplittableRandom(3), truth);
    ForestImputer forest = new ForestImputer(10, 4, 20, 7);
    double[][] filled = forest.impute(seen, done -> {});
    double forestError = rmse(seen, truth, filled);
    double meanError = rmse(seen, truth, Baselines.mean(seen));
    assertThat(forestError).as("forest %s against mean %s", forestError, meanError).isLessThan(0.5 * meanError);
    for (int i = 0; i < seen.size(); i++) {
      for (int j = 0; j < 3; j++) {
        if (!Double.isNaN(seen.get(i)[j])) {
          assertThat(filled[i][j]).as("an observed cell is kept").isEqualTo(seen.get(i)[j]);
        }
      }
    }
    assertThat(forest.impute(seen, done -> {})).as("the seed fixes the trees").isDeepEqualTo(filled);
  }

  @Test
  void shouldRefuseAForestOfNothing() {
    assertThatThrownBy(() -> new ForestImputer(0, 4, 20, 1)).hasMessageContaining("at least 1 tree");
  }
}
