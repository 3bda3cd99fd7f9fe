package org.elbostream.model.imputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.feature.Likelihood;
import org.elbostream.model.net.OutputHeads;
import org.junit.jupiter.api.Test;

class PosteriorPredictiveTest {
  /** A Gaussian field (offset 10, range 4), a boolean and a three-symbol categorical. */
  private static final FeatureSpec SPEC = new FeatureSpec(List.of(
      FieldSpec.feature("mode", Likelihood.CATEGORICAL, true, List.of("A", "B", "C")),
      FieldSpec.feature("temp", Likelihood.GAUSSIAN, true, null).withNormalisation(10, 4),
      FieldSpec.feature("open", Likelihood.BERNOULLI, true, null)));

  @Test
  void shouldMixThePerSampleDistributionsByTheLawOfTotalVariance() {
    FeatureLayout layout = new FeatureLayout(SPEC);
    // Head per sample: [mu | raw log-variance | bernoulli logit | 3 categorical logits].
    // A very low floor makes the soft floor the identity for these raw values.
    float[] head = {
        0.25f, (float) Math.log(0.01), 2f, 0f, 1f, 0f,
        0.75f, (float) Math.log(0.03), 0f, 0f, 3f, 0f};
    FieldEstimate[] e;
    try (NDManager manager = NDManager.newBaseManager()) {
      e = new PosteriorPredictive(new OutputHeads(layout, -50)).estimate(manager.create(head, new Shape(1, 2, 6)))[0];
    }

    FieldEstimate temp = e[1];
    assertThat(temp.value()).isCloseTo(10 + 4 * 0.5, within(1e-5));
    // E[var] = 0.02, Var[mean] = 0.0625 in normalised units; times the range 4 in raw units.
    assertThat(temp.spread()).isCloseTo(4 * Math.sqrt(0.02 + 0.0625), within(1e-5));
    assertThat(temp.probability()).isNaN();

    double pOpen = (1 / (1 + Math.exp(-2)) + 0.5) / 2;
    assertThat(e[2].value()).isEqualTo(1);
    assertThat(e[2].probability()).isCloseTo(pOpen, within(1e-6));

    double pB = (Math.exp(1) / (2 + Math.exp(1)) + Math.exp(3) / (2 + Math.exp(3))) / 2;
    assertThat(e[0].value()).isEqualTo(1);
    assertThat(e[0].probability()).isCloseTo(pB, within(1e-6));
    assertThat(e[0].samples()).isEqualTo(2);
  }
}
