package org.elbostream.trainer.eval.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.elbostream.trainer.testdata.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every measure against what TSB-AD's own code returns for the eight reference series. */
class TsbAdReferenceTest {
  private static final double TOLERANCE = 1e-6;

  /**
   * The reference CSVs hold scores rounded to six decimals. In case-8 that rounding made two scores
   * equal (0.869652, at rows 1653 and 2279) at a rank VUS takes a threshold from, which the unrounded
   * scores TSB-AD saw were not: there a threshold flags both rows instead of one, and VUS moves by
   * 1e-6 to 2e-6. Separating the pair by 1e-9, either way round, restores TSB-AD's input; both
   * directions give its values to 1e-15. No other case has a tie at a threshold rank but the two with
   * tied scores on purpose (5 and 7), which are left as they are.
   */
  private static final Map<String, Double> ROUNDING_TIES = Map.of("case-8.csv", 0.869652);

  static Stream<Arguments> cases() throws IOException {
    Path dir = SharedData.folder("metrics-reference");
    JsonObject expected = JsonParser.parseString(Files.readString(dir.resolve("expected.json"))).getAsJsonObject();
    return expected.getAsJsonArray("cases").asList().stream().map(c -> {
      JsonObject o = c.getAsJsonObject();
      return Arguments.of(o.get("file").getAsString(), dir, o.get("sliding_window").getAsInt(),
          o.getAsJsonObject("metrics"));
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldReturnTsbAdsValues(String file, Path dir, int slidingWindow, JsonObject expected) throws IOException {
    Series series = Series.read(dir.resolve(file));
    double[] scores = series.scores();
    boolean[] labels = series.labels();
    RankingMeasures ranking = RankingMeasures.of(scores, labels);
    VolumeUnderSurface vus = VolumeUnderSurface.of(untied(file, scores), labels, slidingWindow);
    assertThat(ranking.aucPr()).as("AUC-PR").isCloseTo(value(expected, "AUC-PR"), within(TOLERANCE));
    assertThat(ranking.aucRoc()).as("AUC-ROC").isCloseTo(value(expected, "AUC-ROC"), within(TOLERANCE));
    assertThat(vus.vusPr()).as("VUS-PR").isCloseTo(value(expected, "VUS-PR"), within(TOLERANCE));
    assertThat(vus.vusRoc()).as("VUS-ROC").isCloseTo(value(expected, "VUS-ROC"), within(TOLERANCE));
    assertThat(ranking.standardF1()).as("Standard-F1").isCloseTo(value(expected, "Standard-F1"), within(TOLERANCE));
    assertThat(PointAdjustedF1.best(scores, labels)).as("PA-F1").isCloseTo(value(expected, "PA-F1"), within(TOLERANCE));
    assertThat(EventF1.best(scores, labels)).as("Event-based-F1")
        .isCloseTo(value(expected, "Event-based-F1"), within(TOLERANCE));
    assertThat(RangeF1.best(scores, labels)).as("R-based-F1").isCloseTo(value(expected, "R-based-F1"), within(TOLERANCE));
    assertThat(AffiliationF.best(scores, labels)).as("Affiliation-F")
        .isCloseTo(value(expected, "Affiliation-F"), within(TOLERANCE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldStayWithinTheRoundingOfTheScoresWhereRoundingTiedThem(String file, Path dir, int slidingWindow,
      JsonObject expected) throws IOException {
    Series series = Series.read(dir.resolve(file));
    VolumeUnderSurface asGiven = VolumeUnderSurface.of(series.scores(), series.labels(), slidingWindow);
    assertThat(asGiven.vusPr()).isCloseTo(value(expected, "VUS-PR"), within(ROUNDING_TIES.containsKey(file) ? 2e-6 : TOLERANCE));
    assertThat(asGiven.vusRoc()).isCloseTo(value(expected, "VUS-ROC"), within(ROUNDING_TIES.containsKey(file) ? 2e-6 : TOLERANCE));
  }

  /** A reference case: {@code label,score} rows under a header. */
  private record Series(boolean[] labels, double[] scores) {
    static Series read(Path file) throws IOException {
      List<String> lines = Files.readAllLines(file);
      double[] scores = new double[lines.size() - 1];
      boolean[] labels = new boolean[scores.length];
      for (int i = 0; i < scores.length; i++) {
        String[] f = lines.get(i + 1).split(",");
        labels[i] = Double.parseDouble(f[0]) > 0.5;
        scores[i] = Double.parseDouble(f[1]);
      }
      return new Series(labels, scores);
    }
  }

  private static double[] untied(String file, double[] scores) {
    Double tied = ROUNDING_TIES.get(file);
    double[] out = scores.clone();
    if (tied != null) {
      for (int i = 0; i < out.length; i++) {
        if (out[i] == tied) {
          out[i] += 1e-9;
          break;
        }
      }
    }
    return out;
  }

  private static double value(JsonObject metrics, String name) {
    return metrics.get(name).getAsDouble();
  }
}
