package org.elbostream.model.feature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureLayoutTest {
  private static final double NA = Double.NaN;

  @Test
  void shouldCarryAPastFieldForwardFromItsLatestEarlierObservationAndBackFromItsFirst() {
    // Newest first: t-1, t-2, t-3, t-4.
    List<double[]> past = List.of(
        new double[] {NA, 1, NA},
        new double[] {5, NA, NA},
        new double[] {NA, NA, NA},
        new double[] {NA, 2, NA});
    List<double[]> carried = FeatureLayout.carried(past);
    assertThat(carried).extracting(r -> r[0]).containsExactly(5.0, 5.0, 5.0, 5.0);
    assertThat(carried).extracting(r -> r[1]).containsExactly(1.0, 2.0, 2.0, 2.0);
    assertThat(carried).extracting(r -> r[2]).allMatch(v -> Double.isNaN(v));
    assertThat(past.get(0)[0]).as("the rows given stay as observed").isNaN();
  }

  @Test
  void shouldEncodeACarriedPastAsObservedAndAMaskedOneAsMissing() {
    FeatureLayout layout = new FeatureLayout(new FeatureSpec(List.of(
        FieldSpec.feature("a", Likelihood.GAUSSIAN, true, null),
        FieldSpec.feature("b", Likelihood.GAUSSIAN, true, null))));
    List<double[]> rows = List.<double[]>of(new double[] {0, 0});
    List<List<double[]>> pasts = List.of(List.of(new double[] {NA, 3}, new double[] {4, 3}));
    float[] carried = layout.encode(rows, pasts, 2, true).past();
    float[] masked = layout.encode(rows, pasts, 2, false).past();
    // Each slot is [a, b | mask a, mask b].
    assertThat(carried).containsExactly(4, 3, 1, 1, 4, 3, 1, 1);
    assertThat(masked).containsExactly(0, 3, 0, 1, 4, 3, 1, 1);
  }
}
