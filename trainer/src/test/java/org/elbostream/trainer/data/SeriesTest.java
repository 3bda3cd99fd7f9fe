package org.elbostream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.net.Architecture;
import org.junit.jupiter.api.Test;

class SeriesTest {
  private static final Architecture.Past FIVE_SECONDS = new Architecture.Past(3, 5_000L);

  /** Row i holds the value i; keys and times as given. */
  private static Table table(List<String> keys, List<String> times) {
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      rows.add(new double[] {i});
    }
    return new Table(Path.of("series.csv"), FeatureSpec.numericColumns(1), rows, times, keys);
  }

  private static List<Double> values(List<double[]> past) {
    return past.stream().map(r -> r[0]).toList();
  }

  @Test
  void shouldReadEachRowWithTheRowsBeforeItOfItsOwnKeyNewestFirst() {
    Series s = Series.of(table(List.of("a", "b", "a", "a", "b", "a", "a"),
        List.of("0", "0", "1000", "2000", "1000", "3000", "4000")), FIVE_SECONDS);
    assertThat(values(s.past(0, 3))).isEmpty();
    assertThat(values(s.past(4, 3))).containsExactly(1.0);
    assertThat(values(s.past(6, 3))).as("at most the window").containsExactly(5.0, 3.0, 2.0);
  }

  @Test
  void shouldStartAFreshPastAfterAGapButNotAfterATimeThatGoesBackwards() {
    Series s = Series.of(table(List.of("a", "a", "a", "a", "a"), List.of("0", "1000", "60000", "59000", "61000")),
        FIVE_SECONDS);
    assertThat(values(s.past(2, 3))).as("a minute's gap").isEmpty();
    assertThat(values(s.past(3, 3))).as("backwards: the past as it stands").containsExactly(2.0);
    assertThat(values(s.past(4, 3))).as("measured from the key's latest time").containsExactly(3.0, 2.0);
    assertThat(s.backwards()).isEqualTo(1);
  }

  @Test
  void shouldHoldOutEachKeysTrailingRows() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      keys.add(i % 3 == 0 ? "a" : "b");
    }
    Series.Split split = Series.of(table(keys, null), null).trailing(0.1);
    // a: 10 rows, its last (27) held out; b: 20 rows, its last two
    assertThat(split.validation()).containsExactly(27, 28, 29);
    assertThat(split.train()).hasSize(27);
  }

  @Test
  void shouldGiveTheMedianStepOfAKeyAndNameABadTime() {
    assertThat(Series.medianStep(table(List.of("a", "b", "a", "a"), List.of("0", "5", "1000", "3000"))))
        .isEqualTo(2000L);
    assertThatThrownBy(() -> Series.of(table(List.of("a", "a"), List.of("0", "soon")), FIVE_SECONDS))
        .isInstanceOf(DataFileException.class).hasMessageContaining("series.csv:3").hasMessageContaining("soon");
  }
}
