package org.elbostream.model.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.imputation.ImputationOptions;
import org.elbostream.model.imputation.Imputer;
import org.elbostream.model.kind.LatentGaussianKind;
import org.elbostream.model.kind.LoadedModel;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.model.testing.BundleFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The saved format: directories and archives of every kind, frozen old bundles, and what it refuses. */
class BundleFormatTest {
  @TempDir
  Path tmp;

  /** Scores of rows read as one series: a model with a window reads each with the rows before it. */
  /** One part in 100,000: ten times the drift of float32 sums between CPUs, far below any change of arithmetic. */
  private static final double FLOAT32_SUMS_PERCENT = 1e-3;

  private static double[] scores(ModelBundle bundle, List<double[]> rows) throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      RowScorer scorer = LoadedModel.of(bundle, manager).scorer();
      return scorer.score(rows, BundleFixtures.pastsOfOneSeries(rows, scorer.window())).stream()
          .mapToDouble(RecordScore::score).toArray();
    }
  }

  @Test
  void shouldScoreIdenticallyAfterSaveAndLoad() throws IOException {
    ModelBundle bundle = BundleFixtures.untrained(5);
    BundleFormat.write(bundle, tmp.resolve("b"));
    ModelBundle loaded = BundleFormat.read(tmp.resolve("b"));
    List<double[]> rows = BundleFixtures.rows(50, 6);
    assertThat(loaded.version()).isEqualTo(bundle.version());
    assertThat(loaded.featureSpec()).isEqualTo(bundle.featureSpec());
    assertThat(scores(loaded, rows)).containsExactly(scores(bundle, rows));
  }

  /** Every model family the trainer makes goes through the bundle and scores the same after. */
  @ParameterizedTest
  @EnumSource(Architecture.Posterior.class)
  void shouldRoundTripADeepLatentGaussianModel(Architecture.Posterior posterior) throws IOException {
    Architecture deep = Architecture.deep(List.of(3, 2), List.of(16, 8), Math.log(0.05 * 0.05), posterior);
    ModelBundle bundle = BundleFixtures.untrained(7, deep);
    ModelBundle loaded = BundleFormat.fromArchive(BundleFormat.toArchive(bundle), "models@1");
    assertThat(loaded.manifest().architecture()).isEqualTo(deep);
    assertThat(loaded.manifest().architecture().stochasticLayers()).containsExactly(3, 2);
    assertThat(loaded.version()).isEqualTo(bundle.version()).isNotEqualTo(BundleFixtures.untrained(7).version());
    List<double[]> rows = BundleFixtures.rows(40, 8);
    double[] scores = scores(loaded, rows);
    assertThat(scores).containsExactly(scores(bundle, rows));
    assertThat(Arrays.stream(scores).allMatch(Double::isFinite)).isTrue();
  }

  @Test
  void shouldRoundTripASigmoidBeliefNetAndABayesianModelThroughADirectory() throws IOException {
    List<double[]> rows = BundleFixtures.rows(40, 8);
    for (ModelBundle bundle : List.of(BundleFixtures.untrainedSigmoidBelief(3, List.of(6, 5)),
        BundleFixtures.untrained(3, new Architecture(3, List.of(16), Math.log(0.05 * 0.05)), 2))) {
      Path dir = tmp.resolve(bundle.version());
      BundleFormat.write(bundle, dir);
      ModelBundle loaded = BundleFormat.read(dir);
      assertThat(loaded.version()).isEqualTo(bundle.version());
      assertThat(scores(loaded, rows)).containsExactly(scores(bundle, rows));
    }
    ModelBundle bayesian = BundleFixtures.untrained(3, new Architecture(3, List.of(16), Math.log(0.05 * 0.05)), 2);
    assertThat(bayesian.manifest().weightSamples()).isEqualTo(2);
    Path dir = tmp.resolve("bayesian");
    BundleFormat.write(bayesian, dir);
    Files.delete(dir.resolve(LatentGaussianKind.WEIGHT_SAMPLES));
    assertThatThrownBy(() -> BundleFormat.read(dir)).isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("declares 2 weight samples").hasMessageContaining(LatentGaussianKind.WEIGHT_SAMPLES + " is missing");
    ModelBundle sbn = BundleFixtures.untrainedSigmoidBelief(3, List.of(6, 5));
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> LatentGaussianKind.INSTANCE.networks(sbn, manager)).isInstanceOf(BundleFormatException.class)
          .hasMessageContaining("latent units are binary");
      assertThat(LoadedModel.of(sbn, manager).imputer(Imputer.Kind.IMPORTANCE_RESAMPLING, new ImputationOptions(1, 2)))
          .as("the samplers need Gaussian latents").isEmpty();
    }
  }

  @Test
  void shouldCarryTheSameBytesThroughAnArchive() throws IOException {
    ModelBundle bundle = BundleFixtures.untrained(5);
    byte[] archive = BundleFormat.toArchive(bundle);
    ModelBundle back = BundleFormat.fromArchive(archive, "models@0");
    assertThat(back.version()).isEqualTo(bundle.version());
    assertThat(BundleFormat.toArchive(back)).isEqualTo(archive);
  }

  @Test
  void shouldNameTheModelVersionByContent() throws IOException {
    assertThat(BundleFixtures.untrained(5).version()).isEqualTo(BundleFixtures.untrained(5).version());
    assertThat(BundleFixtures.untrained(5).version()).isNotEqualTo(BundleFixtures.untrained(6).version());
  }

  /**
   * Bundles of every kind as the build that introduced it wrote them: they keep loading, with the same
   * scores (the arithmetic of a kind never changes under a bundle). To float32 rounding, not to the
   * last bit: PyTorch's kernels sum in another order on another CPU (AVX2 against AVX-512), which
   * moves a score by about one part in a million.
   */
  @ParameterizedTest
  @ValueSource(strings = {"format-1", "format-1-dlgm-rank-one", "format-1-sigmoid-belief", "format-1-bayesian-vae",
      "format-1-temporal", "format-1-temporal-carried"})
  void shouldKeepLoadingTheFrozenFormat1Bundles(String fixture) throws IOException, URISyntaxException {
    Path frozen = Path.of(getClass().getResource("/bundles/" + fixture).toURI());
    ModelBundle bundle = BundleFormat.read(frozen);
    assertThat(bundle.manifest().formatVersion()).isEqualTo(1);
    double[] expected = Files.readAllLines(frozen.resolve("expected-scores.txt")).stream()
        .mapToDouble(Double::parseDouble).toArray();
    double[] actual = scores(bundle, BundleFixtures.rows(10, 99));
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("row %d", i).isCloseTo(expected[i], withinPercentage(FLOAT32_SUMS_PERCENT));
    }
  }

  @Test
  void shouldRefuseACorruptBundle() throws IOException {
    Path dir = tmp.resolve("corrupt");
    BundleFormat.write(BundleFixtures.untrained(5), dir);
    byte[] params = Files.readAllBytes(dir.resolve(LatentGaussianKind.GENERATIVE));
    params[params.length - 3] ^= 0x5A;
    Files.write(dir.resolve(LatentGaussianKind.GENERATIVE), params);
    assertThatThrownBy(() -> BundleFormat.read(dir)).isInstanceOf(BundleFormatException.class)
        .hasMessageContaining(dir.toString()).hasMessageContaining("corrupt");
  }

  @Test
  void shouldRefuseAnUnknownFormatVersion() throws IOException {
    Path dir = tmp.resolve("future");
    BundleFormat.write(BundleFixtures.untrained(5), dir);
    Path manifest = dir.resolve(BundleFormat.MANIFEST);
    Files.writeString(manifest, Files.readString(manifest).replace("\"formatVersion\": 1", "\"formatVersion\": 99"));
    assertThatThrownBy(() -> BundleFormat.read(dir)).isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("unknown bundle format version 99");
  }

  @Test
  void shouldRefuseAnIncompleteBundleAndGarbage() throws IOException {
    Path dir = tmp.resolve("incomplete");
    BundleFormat.write(BundleFixtures.untrained(5), dir);
    Files.delete(dir.resolve(LatentGaussianKind.RECOGNITION));
    assertThatThrownBy(() -> BundleFormat.read(dir)).hasMessageContaining("recognition.params is missing");
    Path garbage = tmp.resolve("garbage");
    BundleFormat.write(BundleFixtures.untrained(5), garbage);
    Files.writeString(garbage.resolve(BundleFormat.MANIFEST), "{not json", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> BundleFormat.read(garbage)).isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("manifest.json");
    assertThatThrownBy(() -> BundleFormat.fromArchive(new byte[] {1, 2, 3}, "models@7"))
        .isInstanceOf(BundleFormatException.class).hasMessageContaining("models@7");
  }
}
