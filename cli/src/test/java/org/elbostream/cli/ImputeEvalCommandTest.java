package org.elbostream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elbostream.cli.CommandResult.run;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code impute-eval} as a data scientist runs it, on a table whose columns predict each other. */
@Tag("integration")
class ImputeEvalCommandTest {
  @TempDir
  static Path tmp;
  static Path table;

  @BeforeAll
  static void writeTable() throws Exception {
    SplittableRandom r = new SplittableRandom(4);
    StringBuilder csv = new StringBuilder("a,b,c,d\n");
    for (int i = 0; i < 1500; i++) {
      double a = r.nextGaussian();
      double d = r.nextGaussian();
      csv.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.5f%n", a, 0.8 * a + 0.1 * r.nextGaussian(),
          -a + 0.1 * r.nextGaussian(), d));
    }
    table = Files.writeString(tmp.resolve("table.csv"), csv);
  }

  private static JsonObject json(Path file) throws Exception {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  @Test
  void shouldScoreEveryImputerAndTheBaselinesAndRepeatWithTheSameSeed() throws Exception {
    Path first = tmp.resolve("first.json");
    assertThat(run("impute-eval", "--data", table.toString(), "--missing", "0.2", "--seed", "3", "--epochs", "150",
        "--burn-in", "20", "--draws", "60", "--imputers", "PSEUDO_GIBBS,METROPOLIS_WITHIN_GIBBS,IMPORTANCE_RESAMPLING",
        "--json", first.toString()).code()).isZero();
    JsonObject out = json(first);
    for (String method : new String[] {"pseudo_gibbs", "metropolis_within_gibbs", "importance_resampling", "mean", "knn",
        "mice", "missforest"}) {
      assertThat(out.get("rmse." + method).getAsDouble()).as(method).isPositive();
    }
    assertThat(out.get("rmse.missforest").getAsDouble()).as("the forest reads the columns that predict each other")
        .isLessThan(0.8 * out.get("rmse.mean").getAsDouble());
    for (String method : new String[] {"pseudo_gibbs", "metropolis_within_gibbs", "importance_resampling"}) {
      assertThat(out.get("coverage90." + method).getAsDouble()).as(method).isBetween(0.0, 1.0);
    }
    assertThat(out.get("acceptance.metropolis_within_gibbs").getAsDouble()).isBetween(0.0, 1.0);
    // Three of the four columns predict each other: the model must beat the column means there.
    for (String method : new String[] {"pseudo_gibbs", "metropolis_within_gibbs", "importance_resampling"}) {
      assertThat(out.get("rmse." + method).getAsDouble()).as(method).isLessThan(0.8 * out.get("rmse.mean").getAsDouble());
    }

    // Without --imputers the same run chooses among the three and imputes with the chosen one alone,
    // to the same figures: the seed fixes the model, the check and the draws.
    Path again = tmp.resolve("again.json");
    assertThat(run("impute-eval", "--data", table.toString(), "--missing", "0.2", "--seed", "3", "--epochs", "150",
        "--burn-in", "20", "--draws", "60", "--json", again.toString()).code()).isZero();
    JsonObject second = json(again);
    String chosen = second.get("chosen_imputer").getAsString();
    assertThat(chosen).isEqualTo(out.get("chosen_imputer").getAsString());
    for (String method : new String[] {"pseudo_gibbs", "metropolis_within_gibbs", "importance_resampling"}) {
      assertThat(second.get("check." + method).getAsDouble()).as(method).isEqualTo(out.get("check." + method).getAsDouble());
      assertThat(second.has("rmse." + method)).as(method).isEqualTo(method.equals(chosen));
    }
    assertThat(second.get("check." + chosen).getAsDouble()).isLessThanOrEqualTo(second.get("check.pseudo_gibbs")
        .getAsDouble());
    for (String key : second.keySet()) {
      if (key.startsWith("rmse.") || key.startsWith("coverage90.")) {
        assertThat(second.get(key).getAsDouble()).as(key).isEqualTo(out.get(key).getAsDouble());
      }
    }
  }

  @Test
  void shouldSweepTheMissingRateAndDrawTheReport() throws Exception {
    Path out = tmp.resolve("sweep.json");
    Path report = tmp.resolve("sweep.html");
    CommandResult r = run("impute-eval", "--data", table.toString(), "--sweep", "0.1,0.4", "--seed", "5", "--epochs",
        "60", "--imputers", "IMPORTANCE_RESAMPLING", "--draws", "50", "--json", out.toString(), "--report",
        report.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject o = json(out);
    for (String rate : new String[] {"0.1", "0.4"}) {
      assertThat(o.get("sweep." + rate + ".rmse.importance_resampling").getAsDouble()).isPositive();
      // The 100-sample importance-weighted estimate is a tighter bound than the ELBO on the same rows.
      assertThat(o.get("sweep." + rate + ".heldout_loglik").getAsDouble())
          .isGreaterThan(o.get("sweep." + rate + ".validation_elbo").getAsDouble());
    }
    // More hidden cells: more to impute, each with less to go on.
    assertThat(o.get("sweep.0.4.hidden_cells").getAsInt()).isGreaterThan(3 * o.get("sweep.0.1.hidden_cells").getAsInt());
    assertThat(Files.readString(report).split("data:image/png;base64,", -1)).hasSize(3);
  }

  @Test
  void shouldImputeARowWithEveryCellHiddenFromTheMask() throws Exception {
    Path mask = Files.writeString(tmp.resolve("whole-row.txt"), "5,1\n5,2\n5,3\n5,4\n9,2\n");
    Path out = tmp.resolve("whole-row.json");
    CommandResult r = run("impute-eval", "--data", table.toString(), "--mask", mask.toString(), "--epochs", "20",
        "--burn-in", "10", "--draws", "30", "--imputers", "PSEUDO_GIBBS,METROPOLIS_WITHIN_GIBBS,IMPORTANCE_RESAMPLING",
        "--forest-trees", "0", "--json", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(json(out).get("hidden_cells").getAsInt()).isEqualTo(5);
    for (String method : new String[] {"pseudo_gibbs", "metropolis_within_gibbs", "importance_resampling"}) {
      assertThat(json(out).get("rmse." + method).getAsDouble()).as(method).isFinite();
    }
  }

  @Test
  void shouldStopAtAMaskCellOutsideTheTableWithItsLine() throws Exception {
    Path mask = Files.writeString(tmp.resolve("mask.txt"), "# row,col\n3,2\n1500,9\n");
    CommandResult r = run("impute-eval", "--data", table.toString(), "--mask", mask.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("mask.txt:3").contains("column 9 is outside the table (1..4)");
  }

  @Test
  void shouldJudgeEachImputationByColumnTypeWithATypesFile() throws Exception {
    Path types = Files.writeString(tmp.resolve("data_types.csv"), "type,dim,nclass\nreal,1,\nreal,1,\nreal,1,\n"
        + "real,1,\n");
    Path out = tmp.resolve("typed.json");
    CommandResult r = run("impute-eval", "--data", table.toString(), "--types", types.toString(), "--missing", "0.2",
        "--epochs", "20", "--imputers", "IMPORTANCE_RESAMPLING", "--forest-trees", "3", "--json", out.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("by column type");
    JsonObject o = json(out);
    for (String method : new String[] {"importance_resampling", "mean", "knn", "mice", "missforest"}) {
      assertThat(o.get("mixed." + method + ".mean").getAsDouble()).as(method).isPositive();
      assertThat(o.get("mixed." + method + ".real").getAsDouble()).as(method)
          .isEqualTo(o.get("mixed." + method + ".mean").getAsDouble());
    }

    Path three = Files.writeString(tmp.resolve("three_types.csv"), "type,dim,nclass\nreal,1,\ncat,2,2\npos,1,\n");
    CommandResult wrong = run("impute-eval", "--data", table.toString(), "--types", three.toString(), "--missing",
        "0.2");
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err()).contains("three_types.csv").contains("gives 3 column types").contains("has 4 columns");
  }

  @Test
  void shouldTakeATableWithHolesAndScoreOnlyTheObservedCellsItHides() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(table));
    for (int i = 1; i < lines.size(); i += 7) {
      String[] cells = lines.get(i).split(",");
      cells[i % 4] = i % 2 == 0 ? "" : "NaN";
      lines.set(i, String.join(",", cells));
    }
    Path holey = Files.write(tmp.resolve("holey.csv"), lines);
    // Row 1, column 2 is empty, so of these three cells two can be scored.
    Path mask = Files.writeString(tmp.resolve("holey-mask.txt"), "1,2\n2,1\n3,3\n");
    Path out = tmp.resolve("holey.json");
    CommandResult r = run("impute-eval", "--data", holey.toString(), "--mask", mask.toString(), "--epochs", "5",
        "--imputers", "IMPORTANCE_RESAMPLING", "--draws", "20", "--forest-trees", "2", "--json", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("cells of the table are empty");
    JsonObject o = json(out);
    assertThat(o.get("hidden_cells").getAsInt()).isEqualTo(2);
    for (String method : new String[] {"importance_resampling", "mean", "knn", "mice", "missforest"}) {
      assertThat(o.get("rmse." + method).getAsDouble()).as(method).isFinite();
    }
  }

  @Test
  void shouldRefuseBothWaysOfHidingAtOnce() throws Exception {
    Path mask = Files.writeString(tmp.resolve("one.txt"), "1,1\n");
    assertThat(run("impute-eval", "--data", table.toString(), "--mask", mask.toString(), "--missing", "0.1").code())
        .isEqualTo(2);
  }

  @Test
  void shouldImputeWithTheCandidateOfHighestHeldOutLikelihood() throws Exception {
    Path out = tmp.resolve("candidates.json");
    CommandResult r = run("impute-eval", "--data", table.toString(), "--missing", "0.2", "--seed", "5", "--epochs", "40",
        "--candidate", "1:1:1", "--candidate", "32,32:2:5", "--imputers", "IMPORTANCE_RESAMPLING", "--draws", "50",
        "--json", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject o = json(out);
    double tiny = o.get("candidate.1:1:1.heldout_loglik").getAsDouble();
    double wider = o.get("candidate.32,32:2:5.heldout_loglik").getAsDouble();
    // One hidden unit passes the shared factor a through a single rectifier: half of it is lost.
    assertThat(wider).isGreaterThan(tiny);
    assertThat(o.get("heldout_loglik").getAsDouble()).isEqualTo(wider);
    assertThat(o.get("latent").getAsInt()).isEqualTo(2);
  }

  @Test
  void shouldRefuseACandidateBesideAShapeOptionOrMalformed() throws Exception {
    CommandResult both = run("impute-eval", "--data", table.toString(), "--candidate", "8:1:1", "--latent", "4");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("instead of --hidden, --latent and --train-samples");
    CommandResult bad = run("impute-eval", "--data", table.toString(), "--candidate", "64,64:0");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("'64,64:0' is not WIDTHS:LATENT:K");
  }
}
