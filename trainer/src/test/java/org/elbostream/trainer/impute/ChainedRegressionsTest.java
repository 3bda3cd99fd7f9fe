package org.elbostream.trainer.impute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChainedRegressionsTest {

  @Test
  void shouldRecoverACellThatIsALinearFunctionOfTheOthers() {
    SplittableRandom r = new SplittableRandom(11);
    List<double[]> truth = new ArrayList<>();
    List<double[]> seen = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      double a = r.nextGaussian();
      double b = 10 + 3 * r.nextGaussian();
      double[] row = {a, b, 2 * a - 0.5 * b + 0.01 * r.nextGaussian()};
      truth.add(row);
      double[] s = row.clone();
      if (i % 5 == 0) {
        s[2] = Double.NaN;
      }
      if (i % 7 == 0) {
        s[i % 2] = Double.NaN; // another column, so the chain has to go round
      }
      seen.add(s);
    }
    double[][] filled = ChainedRegressions.defaults().impute(seen);
    double worst = 0;
    for (int i = 0; i < seen.size(); i += 5) {
      if (i % 7 != 0) {
        worst = Math.max(worst, Math.abs(filled[i][2] - truth.get(i)[2]));
      }
    }
    assertThat(worst).as("a regression on two observed columns finds the third up to its noise").isLessThan(0.1);
    assertThat(filled[1][0]).as("an observed cell is kept").isEqualTo(seen.get(1)[0]);
    assertThat(filled[7][1]).as("and a hidden one of another column is regressed too")
        .isCloseTo(truth.get(7)[1], within(0.2));
  }
}
