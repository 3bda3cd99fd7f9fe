package org.elbostream.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class NativeArraysTest {
  @Test
  void shouldCountArraysOfEveryManagerAndForgetClosedOnes() {
    int before = NativeArrays.open();
    try (NDManager base = NDManager.newBaseManager(); NDManager sub = base.newSubManager()) {
      base.zeros(new ai.djl.ndarray.types.Shape(3));
      sub.ones(new ai.djl.ndarray.types.Shape(2));
      sub.ones(new ai.djl.ndarray.types.Shape(2));
      assertThat(NativeArrays.open()).isEqualTo(before + 3);
    }
    assertThat(NativeArrays.open()).isEqualTo(before);
  }
}
