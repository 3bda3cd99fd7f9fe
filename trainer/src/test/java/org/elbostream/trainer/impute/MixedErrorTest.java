package org.elbostream.trainer.impute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.elbostream.trainer.data.ColumnTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixedErrorTest {
  @TempDir
  Path dir;

  @Test
  void shouldJudgeDiscreteCellsRightOrWrongAndNumericOnesByRangeScaledError() throws Exception {
    // Column 0 numeric over [0, 10]; column 1 categorical. Hidden: rows 0 and 1 of both columns.
    List<double[]> truth = List.of(new double[] {0, 1}, new double[] {10, 2}, new double[] {5, 1});
    HiddenCells hidden = HiddenCells.read(Files.writeString(dir.resolve("mask"), "1,1\n2,1\n1,2\n2,2\n"), 3, 2);
    ColumnTypes types = new ColumnTypes(List.of(new ColumnTypes.Column(ColumnTypes.Kind.REAL, 0),
        new ColumnTypes.Column(ColumnTypes.Kind.CAT, 2)));
    double[][] filled = {{2, 1.4}, {7, 1.6}, {5, 1}};
    MixedError e = MixedError.of(truth, filled, hidden, types);
    double numeric = Math.sqrt((0.2 * 0.2 + 0.3 * 0.3) / 2); // errors 2 and 3 over a range of 10
    double categorical = 0; // 1.4 rounds to 1, right; 1.6 rounds to 2, right
    assertThat(e.byType().get("real")).isCloseTo(numeric, within(1e-12));
    assertThat(e.byType().get("cat")).isEqualTo(categorical);
    assertThat(e.mean()).isCloseTo((numeric + categorical) / 2, within(1e-12));
    filled[1][1] = 1.2; // now wrong
    assertThat(MixedError.of(truth, filled, hidden, types).byType().get("cat")).isEqualTo(0.5);
  }
}
