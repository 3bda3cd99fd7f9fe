package org.elbostream.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.elbostream.model.bayes.SghmcOptions;
import org.elbostream.model.net.Architecture;
import org.junit.jupiter.api.Test;

class TrainingSettingsTest {
  @Test
  void shouldListEverySettingInTheModelsDocs() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "models.md"));
    assertThat(doc).contains(TrainingSettings.markdownTable());
  }

  @Test
  void shouldRecordEveryDeclaredSettingInTheProvenance() {
    TrainingSettings settings = TrainingSettings.builder().epochs(7).weightPrior(2).build();
    assertThat(settings.describe().keySet())
        .containsExactlyElementsOf(TrainingSettings.DECLARED.stream().map(Setting::name).toList());
    assertThat(settings.describe()).containsEntry("epochs", "7").containsEntry("weight-prior", "2.0")
        .containsEntry("hidden", "128,64").containsEntry("layers", "none").containsEntry("posterior", "diagonal");
  }

  @Test
  void shouldBuildTheDefaultArchitectureScoringAndThresholdsFromTheDefaults() {
    TrainingSettings defaults = TrainingSettings.defaults();
    // Each record is read with its key's last 10; the longest gap is left to the data, resolved at
    // training (ModelTrainer).
    assertThat(defaults.architecture()).isEqualTo(Architecture.defaults().withPast(new Architecture.Past(10, null)));
    assertThat(defaults.gapFromData()).isTrue();
    assertThat(defaults.toBuilder().set(TrainingSettings.WINDOW, 0).build().architecture())
        .isEqualTo(Architecture.defaults());
    assertThat(defaults.scoring().samples()).isEqualTo(8);
    assertThat(defaults.scoring().importanceWeighted()).isFalse();
    assertThat(defaults.calibrator().method()).isEqualTo("pot");
    assertThat(defaults.weightSampling(1000)).isNull();
  }

  @Test
  void shouldReadEachSettingAsTheCommandLineSpellsIt() {
    TrainingSettings s = TrainingSettings.builder().parse(TrainingSettings.LAYERS, "4,2")
        .parse(TrainingSettings.HIDDEN, "32, 16").parse(TrainingSettings.POSTERIOR, "rank-one")
        .parse(TrainingSettings.SCORE, "iwae").parse(TrainingSettings.WEIGHT_SAMPLES, "3")
        .parse(TrainingSettings.SGHMC_RATE, "1e-5").build();
    assertThat(s.architecture()).isEqualTo(Architecture.deep(List.of(4, 2), List.of(32, 16),
        Architecture.defaults().minLogVariance(), Architecture.Posterior.RANK_ONE));
    assertThat(s.scoring().importanceWeighted()).isTrue();
    SghmcOptions chain = s.weightSampling(200);
    assertThat(chain.samples()).isEqualTo(3);
    assertThat(chain.learningRate()).as("the rate is per training row").isEqualTo(1e-5 / 200);
  }

  @Test
  void shouldRefuseABadValueNamingItsOption() {
    assertThatThrownBy(() -> TrainingSettings.builder().epochs(0)).hasMessageContaining("--epochs")
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> TrainingSettings.builder().parse(TrainingSettings.VALIDATION_FRACTION, "1.5"))
        .hasMessageContaining("--validation-fraction").hasMessageContaining("(0, 1)");
    assertThatThrownBy(() -> TrainingSettings.builder().parse(TrainingSettings.HIDDEN, "64,x"))
        .hasMessageContaining("--hidden: '64,x' is not positive whole numbers");
  }

  @Test
  void shouldRefuseSettingsThatContradictEachOther() {
    assertThatThrownBy(() -> TrainingSettings.builder().parse(TrainingSettings.LATENT_UNITS, "bernoulli")
        .parse(TrainingSettings.HIDDEN, "32").build()).hasMessageContaining("--hidden");
    assertThatThrownBy(() -> TrainingSettings.builder().set(TrainingSettings.RISK, 0.05).build())
        .hasMessageContaining("risk");
    // A sigmoid belief network's own architecture, given whole, is not a contradiction.
    Architecture sbn = Architecture.sigmoidBelief(List.of(6, 4), -9);
    assertThat(TrainingSettings.builder().architecture(sbn).build().architecture()).isEqualTo(sbn);
  }
}
