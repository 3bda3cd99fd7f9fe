package org.elbostream.model.imputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.feature.Likelihood;
import org.elbostream.model.net.OutputHeads;
import org.elbostream.model.scoring.FieldLikelihood;
import org.junit.jupiter.api.Test;

/** The samplers' densities, on the JVM, are the bound's, in the engine, for every type; and their moments are right. */
class HeadsTest {
  private static final FeatureSpec SPEC = new FeatureSpec(List.of(
      FieldSpec.feature("size", Likelihood.LOG_NORMAL, true, null).withNormalisation(0.5, 2),
      FieldSpec.feature("visits", Likelihood.POISSON, true, null).withNormalisation(0, 3),
      FieldSpec.feature("grade", Likelihood.ORDINAL, true, List.of("low", "mid", "high"))));
  private static final float[] HEAD = {0.4f, 0.2f, (float) Math.log(0.04), 0f, 0.5f, -0.3f, 0.2f};

  @Test
  void shouldGiveTheBoundsLogDensityOfEveryType() {
    FeatureLayout layout = new FeatureLayout(SPEC);
    OutputHeads columns = new OutputHeads(layout, -50);
    Heads heads = new Heads(columns);
    double[] row = {3.0, 2, 1};
    float[] nll;
    try (NDManager manager = NDManager.newBaseManager()) {
      nll = new FieldLikelihood(columns).negativeLogLikelihood(manager, manager.create(HEAD, new Shape(1, 1, 7)),
          manager.create(layout.encode(List.of(row)).values(), new Shape(1, 1, layout.inputWidth()))).toFloatArray();
    }
    for (int j = 0; j < 3; j++) {
      assertThat(heads.logDensity(HEAD, 0, j, row[j])).as("field %d", j).isCloseTo(-nll[j], within(1e-5));
    }
  }

  @Test
  void shouldGiveALogNormalsAndAPoissonsMomentsAndDrawThem() {
    Heads heads = new Heads(new OutputHeads(new FeatureLayout(SPEC), -50));
    // log(1 + x) ~ N(0.5 + 2 * 0.4, (2 * 0.2)^2)
    double m = 1.3;
    double s2 = 4 * 0.04;
    assertThat(heads.mean(HEAD, 0, 0)).isCloseTo(Math.exp(m + s2 / 2) - 1, within(1e-6));
    assertThat(heads.variance(HEAD, 0, 0)).isCloseTo(Math.expm1(s2) * Math.exp(2 * m + s2), within(1e-6));
    double rate = Math.exp(0.6);
    assertThat(heads.mean(HEAD, 0, 1)).isCloseTo(rate, within(1e-6));
    SplittableRandom random = new SplittableRandom(3);
    double sum = 0;
    double logSum = 0;
    int n = 20000;
    for (int i = 0; i < n; i++) {
      sum += heads.draw(HEAD, 0, 1, random);
      logSum += Math.log1p(heads.draw(HEAD, 0, 0, random));
    }
    assertThat(sum / n).isCloseTo(rate, within(0.05));
    assertThat(logSum / n).isCloseTo(m, within(0.01));
    assertThat(heads.probability(HEAD, 0, 2, 0) + heads.probability(HEAD, 0, 2, 1) + heads.probability(HEAD, 0, 2, 2))
        .isCloseTo(1, within(1e-9));
  }

  @Test
  void shouldNeverEstimateALogNormalPastTheLargestValueTrainingSaw() {
    Heads heads = new Heads(new OutputHeads(new FeatureLayout(SPEC), -50));
    float[] wide = HEAD.clone();
    wide[2] = 40f; // a z far from the data: log-variance 40 would give e^(e^40 / 2)
    assertThat(heads.mean(wide, 0, 0)).isEqualTo(Math.expm1(0.5 + 2));
  }
}
