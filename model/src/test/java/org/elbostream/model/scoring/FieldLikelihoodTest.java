package org.elbostream.model.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.feature.Likelihood;
import org.elbostream.model.net.OutputHeads;
import org.junit.jupiter.api.Test;

/** The log-probabilities of HI-VAE's types, each against its formula worked by hand. */
class FieldLikelihoodTest {
  /**
   * A positive number (log(1 + x) normalised by offset 0.5, scale 2), a count (log1p offset 0,
   * scale 3) and an ordinal field of three classes.
   */
  static final FeatureSpec SPEC = new FeatureSpec(List.of(
      FieldSpec.feature("size", Likelihood.LOG_NORMAL, true, null).withNormalisation(0.5, 2),
      FieldSpec.feature("visits", Likelihood.POISSON, true, null).withNormalisation(0, 3),
      FieldSpec.feature("grade", Likelihood.ORDINAL, true, List.of("low", "mid", "high"))));
  /**
   * One sample's head: locations [size, visits], raw log-variances [size, visits], then grade's
   * location, first threshold and step. A floor of -50 leaves these log-variances as they are.
   */
  static final float[] HEAD = {0.4f, 0.2f, (float) Math.log(0.04), 0f, 0.5f, -0.3f, 0.2f};
  static final double FLOOR = -50;

  @Test
  void shouldScoreEachTypeByItsOwnLogProbability() {
    FeatureLayout layout = new FeatureLayout(SPEC);
    double[] row = {3.0, 2, 1};
    float[] nll;
    try (NDManager manager = NDManager.newBaseManager()) {
      FeatureLayout.Encoded encoded = layout.encode(List.of(row));
      nll = new FieldLikelihood(new OutputHeads(layout, FLOOR)).negativeLogLikelihood(manager,
          manager.create(HEAD, new Shape(1, 1, HEAD.length)),
          manager.create(encoded.values(), new Shape(1, 1, layout.inputWidth()))).toFloatArray();
    }

    // Log-normal: a Gaussian over the normalised log(1 + x), in the model's units.
    double v = (Math.log1p(3.0) - 0.5) / 2;
    double logNormal = 0.5 * ((v - 0.4) * (v - 0.4) / 0.04 + Math.log(0.04) + Math.log(2 * Math.PI));
    // Poisson: log-rate 0 + 3 * 0.2; -log p(2) = lambda - 2 log lambda + log 2!.
    double lambda = Math.exp(0.6);
    double poisson = lambda - 2 * 0.6 + Math.log(2);
    // Ordinal: thresholds -0.3 and -0.3 + softplus(0.2); P(y = 1) = sigmoid(t1 - 0.5) - sigmoid(t0 - 0.5).
    double t0 = -0.3;
    double t1 = -0.3 + Math.log1p(Math.exp(0.2));
    double ordinal = -Math.log(sigmoid(t1 - 0.5) - sigmoid(t0 - 0.5));
    assertThat(nll[0]).isCloseTo((float) logNormal, within(1e-5f));
    assertThat(nll[1]).isCloseTo((float) poisson, within(1e-5f));
    assertThat(nll[2]).isCloseTo((float) ordinal, within(1e-5f));
  }

  @Test
  void shouldGiveAnOrdinalFieldProbabilitiesThatSumToOneInOrderOfTheThresholds() {
    OutputHeads heads = new OutputHeads(new FeatureLayout(SPEC), FLOOR);
    double[] p = heads.ordinalProbabilities(HEAD, 0, 2);
    assertThat(p[0]).isCloseTo(sigmoid(-0.8), within(1e-7)); // the head is float32
    assertThat(p[0] + p[1] + p[2]).isCloseTo(1, within(1e-9));
    // A step of any sign keeps the thresholds increasing, so no class gets a negative probability.
    float[] steep = HEAD.clone();
    steep[6] = -40f;
    assertThat(Arrays.stream(heads.ordinalProbabilities(steep, 0, 2)).min().getAsDouble()).isPositive();
  }

  @Test
  void shouldEncodeACountAsItselfForTheLikelihoodAndAnOrdinalClassAsAThermometerForTheRecognition() {
    FeatureLayout layout = new FeatureLayout(SPEC);
    FeatureLayout.Encoded encoded = layout.encode(List.of(new double[] {0, 5, 2}));
    // values: size (normalised log1p 0 -> -0.25), visits (the count), grade one-hot.
    assertThat(encoded.values()).containsExactly(-0.25f, 5f, 0f, 0f, 1f);
    // recognition input: the same numbers normalised (visits log1p 5 / 3), grade up to its class, then the mask.
    assertThat(encoded.recognitionInput()[1]).isCloseTo((float) (Math.log1p(5) / 3), within(1e-6f));
    assertThat(Arrays.copyOfRange(encoded.recognitionInput(), 2, 5)).containsExactly(1f, 1f, 1f);
    assertThat(layout.encode(List.<double[]>of(new double[] {0, 5, 1})).recognitionInput()[4]).isZero();
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
