package org.elbostream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elbostream.cli.CommandResult.run;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.elbostream.model.bundle.ProjectVersion;
import org.elbostream.model.format.BundleFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user runs them: exit codes, files written, and what a bad input prints. */
@Tag("integration")
class CommandLineTest {
  @TempDir
  static Path tmp;
  static Path train;
  static Path test;
  static Path labels;
  static Path model;

  /** 3 correlated channels; the test file plants a broken correlation every 25th row. */
  @BeforeAll
  static void trainOnce() throws IOException {
    SplittableRandom r = new SplittableRandom(9);
    StringBuilder tr = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      double a = r.nextGaussian();
      tr.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f%n", a, 0.8 * a + 0.1 * r.nextGaussian(), -a + 0.1 * r.nextGaussian()));
    }
    StringBuilder te = new StringBuilder();
    StringBuilder lb = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      double a = r.nextGaussian();
      boolean anomaly = i % 25 == 0;
      te.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f%n", a, 0.8 * a + 0.1 * r.nextGaussian() + (anomaly ? 2 : 0),
          -a + 0.1 * r.nextGaussian()));
      lb.append(anomaly ? "1\n" : "0\n");
    }
    train = Files.writeString(tmp.resolve("train.csv"), tr);
    test = Files.writeString(tmp.resolve("test.csv"), te);
    labels = Files.writeString(tmp.resolve("labels.txt"), lb);
    model = tmp.resolve("model");
    // The rows are independent draws, not a series: read alone (with the default window of 10 this
    // table's AUC-ROC is 0.83, the past being noise).
    assertThat(run("train", "--train", train.toString(), "--out", model.toString(), "--epochs", "30", "--window", "0")
        .code()).isZero();
  }

  @Test
  void shouldWriteABundleAndAReportWithImages() throws IOException {
    assertThat(model.resolve("manifest.json")).exists();
    String report = Files.readString(model.resolve("report.html"));
    assertThat(report).contains("data:image/png;base64,").contains("Learning curve").contains("Latent space");
    // the build's real version and an architecture people can read
    assertThat(report).contains("elbostream=" + ProjectVersion.get()).doesNotContain("=null")
        .contains("Gaussian latents 8 (one layer), hidden 128-64, diagonal posterior").doesNotContain("Architecture[");
  }

  @Test
  void shouldEvaluateBesideEveryBaselineAndWriteJson() throws IOException {
    Path json = tmp.resolve("eval.json");
    Path report = tmp.resolve("eval.html");
    CommandResult r = run("eval", "--model", model.toString(), "--test", test.toString(), "--labels", labels.toString(),
        "--baseline", "--train", train.toString(), "--json", json.toString(), "--report", report.toString());
    assertThat(r.code()).as(r.err()).isZero();
    // one table, detectors as columns, VUS-PR its first row, and the time the whole run took
    assertThat(r.out()).containsPattern("measure +model +rcf +pca +iforest +kmeans")
        .containsPattern("\\nVUS-PR +[0-9.]+").contains("eval took");
    // the model's score timeline, its heaviest fields' terms, every detector's precision-recall curve, each
    // baseline's scores; the fields that drive the score
    assertThat(Files.readString(report).split("data:image/png;base64,", -1)).hasSize(1 + 3 + 4);
    assertThat(Files.readString(report)).contains("Which fields drive the score");
    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    for (String key : new String[] {"vus_pr", "vus_roc", "auc_pr", "auc_roc", "standard_f1", "event_f1", "range_f1",
        "affiliation_f", "pa_f1", "threshold_event_f1", "threshold_precision", "threshold_recall",
        "normal_above_threshold", "threshold", "seconds"}) {
      assertThat(o.has(key)).as(key).isTrue();
      for (String baseline : new String[] {"rcf", "pca", "iforest", "kmeans"}) {
        assertThat(o.getAsJsonObject("baseline").getAsJsonObject(baseline).has(key)).as(baseline + " " + key).isTrue();
      }
    }
    JsonObject incidents = o.getAsJsonObject("incidents");
    for (String key : new String[] {"segments", "segments_detected", "false_incidents", "normal_days", "false_per_day",
        "median_delay"}) {
      assertThat(incidents.has(key)).as("incidents." + key).isTrue();
    }
    assertThat(incidents.get("segments").getAsInt()).isPositive();
    // 500 rows a minute apart, less the anomalous ones
    assertThat(incidents.get("normal_days").getAsDouble()).isBetween(0.1, 500 / 1440.0);
    assertThat(r.out()).contains("Incidents (what on-call would have been paged with):")
        .containsPattern("model: +\\d+ incidents?; \\d+ of \\d+ labelled anomaly segments detected");
    assertThat(o.get("rows").getAsInt()).isEqualTo(500);
    assertThat(o.getAsJsonObject("field_terms").keySet()).hasSizeGreaterThan(1);
    assertThat(o.get("auc_roc").getAsDouble()).isGreaterThan(0.9);
    assertThat(o.get("vus_pr").getAsDouble()).isBetween(0.0, 1.0);
  }

  /** Three slow random walks, a series whose last values say much. */
  private static Path walks(String name, int n, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[3];
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < x.length; j++) {
        x[j] += 0.05 * r.nextGaussian();
      }
      out.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f%n", x[0], x[1], x[2]));
    }
    return Files.writeString(tmp.resolve(name), out);
  }

  @Test
  void shouldFillAStreamsHolesBesideTheStreamingBaselines() throws IOException {
    Path json = tmp.resolve("series.json");
    CommandResult r = run("impute-series", "--train", walks("walk-train.csv", 1500, 1).toString(), "--test",
        walks("walk-test.csv", 700, 2).toString(), "--epochs", "2", "--window", "3", "--outage", "20", "--json",
        json.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("10 % of cells at random").contains("20-record outages of one field")
        .contains("model, window 3").contains("model, records alone").contains("last observation").contains("rcf");
    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    JsonObject outages = o.getAsJsonObject("20-record outages of one field");
    assertThat(outages.get("hidden_cells").getAsInt()).isEqualTo(4 * 20); // one in each stretch of 200 of the 700 rows
    JsonObject rmse = outages.getAsJsonObject("rmse");
    assertThat(rmse.get("last observation").getAsDouble()).isLessThan(rmse.get("mean").getAsDouble());
    assertThat(outages.getAsJsonObject("above_threshold").getAsJsonObject("model, window 3")
        .get("with_hidden_cells").getAsDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void shouldScoreEveryRowOfAFileAndFillItsMissingValues() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(test));
    String[] cells = lines.get(7).split(",");
    lines.set(7, cells[0] + ",," + cells[2]); // row 8 misses x1
    Path holes = Files.write(tmp.resolve("holes.csv"), lines);
    Path csv = tmp.resolve("scores.csv");
    CommandResult r = run("score", "--model", model.toString(), "--in", holes.toString(), "--out", csv.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> out = Files.readAllLines(csv);
    assertThat(out).hasSize(1 + 500); // a header, then one line per input row
    assertThat(out.get(0)).startsWith("score,threshold,anomaly,kl,row,field_1,field_1_nats");
    assertThat(out.get(8)).matches("-?[0-9.E-]+,.*,8,x[02],.*,x1=-?[0-9.E-]+");
    // the planted anomalies (every 25th row, from row 1) score above the rest on average
    IntPredicate planted = i -> i % 25 == 0;
    IntToDoubleFunction score = i -> Double.parseDouble(out.get(i + 1).split(",")[0]);
    assertThat(IntStream.range(0, 500).filter(planted).mapToDouble(score).average().orElseThrow())
        .isGreaterThan(IntStream.range(0, 500).filter(planted.negate()).mapToDouble(score).average()
            .orElseThrow());

    Path jsonLines = tmp.resolve("scores.jsonl");
    assertThat(run("score", "--model", model.toString(), "--in", holes.toString(), "--out", jsonLines.toString(),
        "--json").code()).isZero();
    List<String> json = Files.readAllLines(jsonLines);
    assertThat(json).hasSize(500);
    JsonObject eighth = JsonParser.parseString(json.get(7)).getAsJsonObject();
    assertThat(eighth.get("row").getAsInt()).isEqualTo(8);
    assertThat(eighth.getAsJsonObject("imputed").has("x1")).isTrue();
    assertThat(eighth.getAsJsonArray("top_fields")).hasSize(2);
  }

  @Test
  void shouldScoreAnAvroContainerFileAndNameAFieldItLacks() throws IOException {
    Schema schema = BundleFormat.read(model).featureSpec()
        .toAvroSchema("Reading", "test");
    Path avro = tmp.resolve("rows.avro");
    try (DataFileWriter<GenericRecord> w =
        new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
      w.create(schema, avro.toFile());
      for (int i = 0; i < 20; i++) {
        GenericData.Record rec = new GenericData.Record(schema);
        rec.put("x0", 0.1 * i);
        rec.put("x1", i == 3 ? null : 0.08 * i);
        rec.put("x2", -0.1 * i);
        w.append(rec);
      }
    }
    Path csv = tmp.resolve("avro-scores.csv");
    CommandResult r = run("score", "--model", model.toString(), "--in", avro.toString(), "--out", csv.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(csv)).hasSize(21);
    assertThat(Files.readAllLines(csv).get(4)).contains("x1=");

    Schema other = SchemaBuilder.record("R").fields().requiredDouble("x0")
        .endRecord();
    Path narrow = tmp.resolve("narrow.avro");
    try (DataFileWriter<GenericRecord> w =
        new DataFileWriter<>(new GenericDatumWriter<>(other))) {
      w.create(other, narrow.toFile());
    }
    CommandResult bad = run("score", "--model", model.toString(), "--in", narrow.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("narrow.avro").contains("no field 'x1'");
  }

  @Test
  void shouldTakeLabelsAsRangesAndGiveTheSameFiguresAsPerRowLabels() throws IOException {
    StringBuilder ranges = new StringBuilder("start,end\n");
    List<String> rows = Files.readAllLines(labels);
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).equals("1")) {
        ranges.append(i + 1).append(',').append(i + 1).append('\n');
      }
    }
    Path rangeFile = Files.writeString(tmp.resolve("ranges.csv"), ranges);
    Path perRow = tmp.resolve("per-row.json");
    Path byRange = tmp.resolve("by-range.json");
    assertThat(run("eval", "--model", model.toString(), "--test", test.toString(), "--labels", labels.toString(),
        "--json", perRow.toString()).code()).isZero();
    assertThat(run("eval", "--model", model.toString(), "--test", test.toString(), "--labels", rangeFile.toString(),
        "--json", byRange.toString()).code()).isZero();
    JsonObject a = JsonParser.parseString(Files.readString(perRow)).getAsJsonObject();
    JsonObject b = JsonParser.parseString(Files.readString(byRange)).getAsJsonObject();
    assertThat(b.get("anomalies")).isEqualTo(a.get("anomalies"));
    assertThat(b.get("vus_pr")).isEqualTo(a.get("vus_pr"));
    CommandResult forced = run("eval", "--model", model.toString(), "--test", test.toString(), "--labels",
        rangeFile.toString(), "--labels-format", "rows");
    assertThat(forced.code()).isEqualTo(2);
    assertThat(forced.err()).contains("ranges.csv:1:").contains("not 0 or 1");
  }

  @Test
  void shouldGiveOneBundleForOneDataWhereverTheFileLies() throws IOException {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Path copy = Files.copy(train, elsewhere.resolve("train.csv"));
    Path a = tmp.resolve("here");
    Path b = tmp.resolve("there");
    assertThat(run("train", "--train", train.toString(), "--out", a.toString(), "--epochs", "3").code()).isZero();
    assertThat(run("train", "--train", copy.toString(), "--out", b.toString(), "--epochs", "3").code()).isZero();
    assertThat(BundleFormat.read(b).version()).isEqualTo(BundleFormat.read(a).version());
    assertThat(BundleFormat.read(a).manifest().provenance().trainingSource()).isEqualTo("train.csv");
    // the file is found by its name only in the working directory: elsewhere, --train says where
    CommandResult r = run("eval", "--model", a.toString(), "--test", test.toString(), "--labels", labels.toString(),
        "--baseline", "pca");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("train.csv, which is not in the working directory: give it with --train");
  }

  @Test
  void shouldRefuseABadSchemaInOneLineNamingTheFile() throws IOException {
    Path notJson = Files.writeString(tmp.resolve("not-json.avsc"), "{\"type\": \"record\",\n  oops }");
    Path notRecord = Files.writeString(tmp.resolve("string.avsc"), "{\"type\": \"string\"}");
    Path badRole = Files.writeString(tmp.resolve("role.avsc"), "{\"type\": \"record\", \"name\": \"R\", \"fields\": ["
        + "{\"name\": \"x0\", \"type\": \"double\", \"elbo.role\": \"sensor\"}]}");
    Path missing = tmp.resolve("nowhere.avsc");
    String[][] cases = {{notJson.toString(), "not-json.avsc:2:"}, {notRecord.toString(), "string.avsc: the schema is a"
        + " string, not a record"}, {badRole.toString(), "role.avsc: field 'x0': unknown elbo.role 'sensor'"},
        {missing.toString(), "nowhere.avsc"}};
    for (String[] c : cases) {
      CommandResult r = run("train", "--train", train.toString(), "--schema", c[0], "--out",
          tmp.resolve("never").toString());
      assertThat(r.code()).as(c[0]).isEqualTo(2);
      assertThat(r.err()).as(c[0]).contains(c[1]).doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(r.err().strip().lines().count()).as(c[0] + ": one line").isEqualTo(1);
    }
    CommandResult verbose = run("train", "--train", train.toString(), "--schema", notRecord.toString(), "--out",
        tmp.resolve("never").toString(), "--verbose");
    assertThat(verbose.err()).contains("IllegalArgumentException").contains("\tat ");
  }

  @Test
  void shouldTrainAndScoreACsvWithATimeAndAKeyColumnNamedOnTheCommandLine() throws IOException {
    StringBuilder csv = new StringBuilder("time,machine,a,b,c\n");
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 1500; i++) {
      double a = r.nextGaussian();
      csv.append(String.format(Locale.ROOT, "2026-11-30 %02d:%02d:00,m-%d,%.4f,%.4f,%.4f%n", i / 60 % 24, i % 60,
          i % 3, a, 0.8 * a + 0.1 * r.nextGaussian(), -a + 0.1 * r.nextGaussian()));
    }
    Path file = Files.writeString(tmp.resolve("stamped.csv"), csv);
    CommandResult refused = run("train", "--train", file.toString(), "--out", tmp.resolve("no").toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("stamped.csv:2: field 'time': '2026-11-30 00:00:00' is not a number")
        .contains("--time time or --key time").contains("schema --from stamped.csv");

    Path stamped = tmp.resolve("stamped-model");
    CommandResult trained = run("train", "--train", file.toString(), "--time", "time", "--key", "machine", "--out",
        stamped.toString(), "--epochs", "3");
    assertThat(trained.code()).as(trained.err()).isZero();
    assertThat(BundleFormat.read(stamped).featureSpec().featureNames()).containsExactly("a", "b", "c");
    Schema input = new Schema.Parser().parse(BundleFormat.read(stamped).manifest().inputSchema());
    assertThat(input.getField("time").getProp("elbo.role")).isEqualTo("timestamp");
    assertThat(input.getField("machine").getProp("elbo.role")).isEqualTo("key");
    Path scores = tmp.resolve("stamped-scores.csv");
    assertThat(run("score", "--model", stamped.toString(), "--in", file.toString(), "--out", scores.toString()).code())
        .isZero();
    assertThat(Files.readAllLines(scores)).hasSize(1501);

    CommandResult unknown = run("train", "--train", file.toString(), "--time", "when", "--out",
        tmp.resolve("no").toString());
    assertThat(unknown.err()).contains("--time when: the header has no column 'when' (it has time, machine, a, b, c)");
  }

  @Test
  void shouldDraftASchemaFromACsvThatTrainsAsWritten() throws IOException {
    Path file = Files.writeString(tmp.resolve("mixed.csv"), "ts,site,mode,on,temp\n"
        + "2026-01-01T00:00,berlin-1,idle,true,20.5\n2026-01-01T00:01,paris-2,busy,false,\n"
        + "2026-01-01T00:02,berlin-1,idle,true,21.0\n".repeat(800));
    Path schemaFile = tmp.resolve("mixed.avsc");
    CommandResult r = run("schema", "--from", file.toString(), "--time", "ts", "--out", schemaFile.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Schema drafted = new Schema.Parser().parse(Files.readString(schemaFile));
    assertThat(drafted.getField("ts").getProp("elbo.role")).isEqualTo("timestamp");
    assertThat(drafted.getField("site").getProp("elbo.role")).isEqualTo("passthrough");
    assertThat(drafted.getField("mode").schema().getTypes().get(1).getEnumSymbols()).containsExactly("idle", "busy");
    assertThat(drafted.getField("on").schema().getTypes().get(1).getType()).isEqualTo(Schema.Type.BOOLEAN);
    assertThat(drafted.getField("temp").schema().getTypes().get(1).getType()).isEqualTo(Schema.Type.DOUBLE);
    CommandResult trained = run("train", "--train", file.toString(), "--schema", schemaFile.toString(), "--out",
        tmp.resolve("mixed-model").toString(), "--epochs", "2");
    assertThat(trained.code()).as(trained.err()).isZero();
    assertThat(BundleFormat.read(tmp.resolve("mixed-model")).featureSpec().featureNames())
        .containsExactly("mode", "on", "temp");
  }

  @Test
  void shouldTrainEachColumnByItsTypeFromATypesFileAndScoreAndFillTheSameFile() throws IOException {
    SplittableRandom r = new SplittableRandom(11);
    StringBuilder csv = new StringBuilder("level,size,visits,grade,kind\n");
    for (int i = 0; i < 800; i++) {
      double level = r.nextGaussian();
      int grade = (int) Math.max(1, Math.min(4, Math.round(2.5 + level)));
      csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%d,%d,%d%n", level, Math.exp(level + 0.3 * r.nextGaussian()),
          (int) Math.round(Math.exp(1 + 0.5 * level)), grade, level > 0 ? 2 : 1));
    }
    Path file = Files.writeString(tmp.resolve("typed.csv"), csv);
    Path types = Files.writeString(tmp.resolve("typed_types.csv"),
        "type,dim,nclass\nreal,1,\npos,1,\ncount,1,\nordinal,4,4\ncat,2,2\n");
    Path typed = tmp.resolve("typed-model");
    CommandResult trained = run("train", "--train", file.toString(), "--types", types.toString(), "--out",
        typed.toString(), "--epochs", "5", "--window", "0", "--likelihood", "student-t");
    assertThat(trained.code()).as(trained.err()).isZero();
    var bundle = BundleFormat.read(typed);
    // The real column takes --likelihood; the others keep their type's.
    assertThat(bundle.featureSpec().features()).extracting(f -> f.likelihood().spelling())
        .containsExactly("student-t", "log-normal", "poisson", "ordinal", "categorical");
    assertThat(bundle.featureSpec().features().get(3).categories()).containsExactly("_1", "_2", "_3", "_4");
    Schema input = new Schema.Parser().parse(bundle.manifest().inputSchema());
    assertThat(input.getField("grade").getProp("elbo.likelihood")).isEqualTo("ordinal");
    assertThat(input.getField("visits").getProp("elbo.likelihood")).isEqualTo("poisson");

    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(3, ",,," + lines.get(3).split(",")[3] + ",");
    Path holes = Files.write(tmp.resolve("typed-holes.csv"), lines);
    Path out = tmp.resolve("typed-scores.jsonl");
    CommandResult scored = run("score", "--model", typed.toString(), "--in", holes.toString(), "--out",
        out.toString(), "--json");
    assertThat(scored.code()).as(scored.err()).isZero();
    JsonObject third = JsonParser.parseString(Files.readAllLines(out).get(2)).getAsJsonObject();
    JsonObject imputed = third.getAsJsonObject("imputed");
    assertThat(imputed.get("size").getAsDouble()).isPositive();
    assertThat(imputed.get("visits").getAsDouble()).isNotNegative();
    assertThat(imputed.get("kind").getAsString()).isIn("_1", "_2");

    Path negative = Files.writeString(tmp.resolve("negative.csv"), "size\n1.5\n-2\n");
    Path posOnly = Files.writeString(tmp.resolve("pos_types.csv"), "type,dim,nclass\npos,1,\n");
    CommandResult refused = run("train", "--train", negative.toString(), "--types", posOnly.toString(), "--out",
        tmp.resolve("none").toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("pos_types.csv:2").contains("'size' is pos").contains("data row 2");
  }

  @Test
  void shouldRunOnlyTheBaselinesNamedAndRefuseAnUnknownOne() throws IOException {
    Path json = tmp.resolve("pca.json");
    assertThat(run("eval", "--model", model.toString(), "--test", test.toString(), "--labels", labels.toString(),
        "--baseline", "pca", "--pca-components", "2", "--train", train.toString(), "--json", json.toString()).code())
        .isZero();
    JsonObject baselines = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("baseline");
    assertThat(baselines.keySet()).containsExactly("pca");
    CommandResult bad = run("eval", "--model", model.toString(), "--test", test.toString(), "--labels",
        labels.toString(), "--baseline", "pca,lof", "--train", train.toString());
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("no baseline 'lof'").contains("rcf, pca, iforest or kmeans");
  }

  @Test
  void shouldScoreWithTheImportanceWeightedBoundWhenAsked() throws IOException {
    Path iwae = tmp.resolve("iwae");
    assertThat(run("train", "--train", train.toString(), "--out", iwae.toString(), "--epochs", "5", "--score", "iwae",
        "--score-samples", "32").code()).isZero();
    JsonObject scoring = JsonParser.parseString(Files.readString(iwae.resolve("manifest.json"))).getAsJsonObject()
        .getAsJsonObject("scoring");
    assertThat(scoring.get("importanceWeighted").getAsBoolean()).isTrue();
    assertThat(scoring.get("samples").getAsInt()).isEqualTo(32);
    Path json = tmp.resolve("iwae.json");
    assertThat(run("eval", "--model", iwae.toString(), "--test", test.toString(), "--labels", labels.toString(),
        "--json", json.toString()).code()).isZero();
  }

  @Test
  void shouldTrainAndEvaluateADeepLatentGaussianModelWithARankOnePosterior() throws IOException {
    Path deep = tmp.resolve("deep");
    CommandResult r = run("train", "--train", train.toString(), "--out", deep.toString(), "--epochs", "5",
        "--layers", "4,2", "--hidden", "32,16", "--posterior", "rank-one", "--weight-prior", "10");
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject architecture = JsonParser.parseString(Files.readString(deep.resolve("manifest.json"))).getAsJsonObject()
        .getAsJsonObject("architecture");
    assertThat(architecture.get("latentDim").getAsInt()).isEqualTo(6);
    assertThat(architecture.get("posterior").getAsString()).isEqualTo("RANK_ONE");
    assertThat(architecture.getAsJsonArray("layers").toString()).isEqualTo("[4,2]");
    Path json = tmp.resolve("deep.json");
    assertThat(run("eval", "--model", deep.toString(), "--test", test.toString(), "--labels", labels.toString(),
        "--json", json.toString()).code()).isZero();
    CommandResult bad = run("train", "--train", train.toString(), "--out", tmp.resolve("x").toString(),
        "--posterior", "full");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("'full' is not a posterior: diagonal or rank-one");
  }

  @Test
  void shouldTrainAndEvaluateASigmoidBeliefNetAndABayesianModel() throws IOException {
    Path sbn = tmp.resolve("sbn");
    CommandResult r = run("train", "--train", train.toString(), "--out", sbn.toString(), "--epochs", "3",
        "--latent-units", "bernoulli", "--layers", "8,4");
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject architecture = JsonParser.parseString(Files.readString(sbn.resolve("manifest.json"))).getAsJsonObject()
        .getAsJsonObject("architecture");
    assertThat(architecture.get("latent").getAsString()).isEqualTo("BERNOULLI");
    assertThat(run("eval", "--model", sbn.toString(), "--test", test.toString(), "--labels", labels.toString(),
        "--json", tmp.resolve("sbn.json").toString()).code()).isZero();

    Path bayes = tmp.resolve("bayes");
    r = run("train", "--train", train.toString(), "--out", bayes.toString(), "--epochs", "3", "--weight-samples", "3",
        "--sghmc-burn-in", "20", "--sghmc-thinning", "10");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(bayes.resolve("generative-samples.params")).exists();
    assertThat(JsonParser.parseString(Files.readString(bayes.resolve("manifest.json"))).getAsJsonObject()
        .get("weightSamples").getAsInt()).isEqualTo(3);

    CommandResult bad = run("train", "--train", train.toString(), "--out", tmp.resolve("y").toString(),
        "--latent-units", "bernoulli", "--weight-samples", "2");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--weight-samples do not apply");
  }

  @Test
  void shouldTrainOnTheFieldsAnAvroSchemaDeclares() throws IOException {
    Path schema = tmp.resolve("SensorReading.avsc");
    try (var in = CommandLineTest.class.getResourceAsStream("/schemas/SensorReading.avsc")) {
      Files.copy(in, schema);
    }
    SplittableRandom r = new SplittableRandom(4);
    StringBuilder csv = new StringBuilder(
        "sensor_id,event_time,site,temperature_c,pressure_kpa,vibration_rms,fan_rpm,power_w,door_open,mode\n");
    String[] modes = {"IDLE", "NORMAL", "BOOST"};
    for (int i = 0; i < 1500; i++) {
      double load = r.nextDouble();
      String temperature = i % 13 == 0 ? "" : String.format(Locale.ROOT, "%.3f", 20 + 10 * load + r.nextGaussian());
      csv.append(String.format(Locale.ROOT, "m%d,%d,,%s,%.3f,%.4f,%d,%.2f,%s,%s%n", i % 3, 1_700_000_000_000L + i,
          temperature, 101 + r.nextGaussian(), 0.2 + 0.5 * load, Math.round(1000 + 2000 * load),
          300 + 500 * load + 10 * r.nextGaussian(), r.nextDouble() < 0.1, modes[load < 0.2 ? 0 : load < 0.8 ? 1 : 2]));
    }
    Path data = Files.writeString(tmp.resolve("sensors.csv"), csv);
    Path out = tmp.resolve("sensors-model");
    CommandResult result = run("train", "--train", data.toString(), "--schema", schema.toString(), "--out", out.toString(),
        "--epochs", "5");
    assertThat(result.code()).as(result.err()).isZero();
    String manifest = Files.readString(out.resolve("manifest.json"));
    assertThat(manifest).contains("\"BERNOULLI\"").contains("\"CATEGORICAL\"").contains("\"KEY\"")
        .contains("\"inputSchema\"");
  }

  @Test
  void shouldExitNonZeroNamingFileAndLineForABadCell() throws IOException {
    Path bad = Files.writeString(tmp.resolve("bad.csv"), "1,2,3\n4,five,6\n");
    CommandResult r = run("eval", "--model", model.toString(), "--test", bad.toString(), "--labels", labels.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("bad.csv:2").contains("'x1'").contains("'five' is not a number");
  }

  @Test
  void shouldExitNonZeroForALabelFileOfTheWrongLength() throws IOException {
    Path shortLabels = Files.writeString(tmp.resolve("short.txt"), "0\n1\n");
    CommandResult r = run("eval", "--model", model.toString(), "--test", test.toString(), "--labels", shortLabels.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("short.txt").contains("2 labels for 500 test rows");
  }

  @Test
  void shouldExitNonZeroForATestFileOfAnotherWidth() throws IOException {
    Path wide = Files.writeString(tmp.resolve("wide.csv"), "1,2,3,4\n");
    CommandResult r = run("eval", "--model", model.toString(), "--test", wide.toString(), "--labels", labels.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("wide.csv:1").contains("4 columns, the model expects 3");
  }

  @Test
  void shouldExitNonZeroForACorruptBundle() throws IOException {
    Path broken = tmp.resolve("broken");
    Files.createDirectories(broken);
    for (String f : new String[] {"manifest.json", "recognition.params", "generative.params"}) {
      Files.copy(model.resolve(f), broken.resolve(f));
    }
    Files.write(broken.resolve("generative.params"), new byte[] {1, 2, 3});
    CommandResult r = run("eval", "--model", broken.toString(), "--test", test.toString(), "--labels", labels.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("broken").contains("corrupt");
  }

  @Test
  void shouldExitNonZeroForAnEmptyTrainingFile() throws IOException {
    Path empty = Files.writeString(tmp.resolve("empty.csv"), "");
    CommandResult r = run("train", "--train", empty.toString(), "--out", tmp.resolve("m2").toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("empty.csv").contains("empty file");
  }
}
