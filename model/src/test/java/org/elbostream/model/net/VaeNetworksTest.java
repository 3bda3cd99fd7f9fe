package org.elbostream.model.net;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.FeatureSpec;
import org.junit.jupiter.api.Test;

class VaeNetworksTest {
  private final FeatureLayout layout = new FeatureLayout(FeatureSpec.numericColumns(5));

  @Test
  void shouldInitialiseIdenticallyFromTheSameSeed() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(7);
      VaeNetworks a = VaeNetworks.create(Architecture.defaults(), layout, manager);
      Engine.getInstance().setRandomSeed(7);
      VaeNetworks b = VaeNetworks.create(Architecture.defaults(), layout, manager);
      assertThat(Arrays.equals(a.recognitionParameters(), b.recognitionParameters())).isTrue();
      assertThat(Arrays.equals(a.generativeParameters(), b.generativeParameters())).isTrue();
    }
  }
}
