package org.elbostream.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LearningRateDecayTest {

  @Test
  void shouldCutTheRateAfterThePlateauAndCountAgainAfterACut() {
    LearningRateDecay.Schedule schedule = new LearningRateDecay(0.5, 3).start(1e-3);
    boolean[] improved = {true, false, false, false, false, false, false, true, false, false};
    StringBuilder cuts = new StringBuilder();
    for (boolean i : improved) {
      cuts.append(schedule.afterEpoch(i) ? 'x' : '.');
    }
    // Three epochs without a new best cut the rate; the count restarts after the cut and after a new best.
    assertThat(cuts.toString()).isEqualTo("...x..x...");
    assertThat(schedule.rate()).isEqualTo(2.5e-4);
    assertThat(schedule.getNewValue(12345)).as("what Adam reads").isEqualTo(2.5e-4f);
  }

  @Test
  void shouldKeepTheRateWithoutDecay() {
    LearningRateDecay.Schedule schedule = LearningRateDecay.none().start(1e-3);
    for (int epoch = 0; epoch < 100; epoch++) {
      assertThat(schedule.afterEpoch(false)).isFalse();
    }
    assertThat(schedule.rate()).isEqualTo(1e-3);
  }

  @Test
  void shouldRefuseAFactorOutsideTheUnitIntervalOrNoPlateau() {
    assertThatThrownBy(() -> new LearningRateDecay(1.5, 5)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> new LearningRateDecay(0, 5)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> new LearningRateDecay(0.5, 0)).hasMessageContaining("positive");
  }
}
