package org.elbostream.cli.offline;

import com.google.gson.Gson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.elbostream.cli.console.ProgressBar;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.model.imputation.FieldEstimate;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.streams.scoring.RecordScorer;
import org.elbostream.streams.scoring.ScorerFactory;
import org.elbostream.streams.serde.DecodeException;
import org.elbostream.streams.topology.RecordFeatures;
import org.elbostream.trainer.data.DataFileException;
import org.elbostream.trainer.data.TableReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elbostream score}: what the service would write for each row of a file, without Kafka: the
 * score, the threshold, the flag, the fields that drive the score and every imputed value.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
    header = "Score every row of a file as the service would, writing one result per row.",
    description = "Score every row of a CSV or Avro container file (.avro) with a model bundle, as the service"
        + " would: one output row per input row, in order, with the score (nats), the threshold, the flag, the"
        + " fields that contribute most to the score and every value imputed for a missing field.")
public final class ScoreCommand implements Callable<Integer> {
  /** Rows per scoring call. */
  private static final int BATCH = 1024;

  @Option(names = "--model", required = true, description = "Model bundle directory.")
  Path model;

  @Option(names = "--in", required = true, description = "Rows to score: CSV (plain or gzip, the training file's"
      + " columns) or an Avro container file (.avro) of records holding the model's fields.")
  Path in;

  @Option(names = "--out", description = "Where to write the results (default: standard output).")
  Path out;

  @Option(names = "--json", description = "Write JSON lines instead of CSV.")
  boolean json;

  @Option(names = "--top", defaultValue = "3", description = "Fields with the largest contributions to show per"
      + " row (default: ${DEFAULT-VALUE}).")
  int top;

  @Override
  public Integer call() throws Exception {
    if (top < 0) {
      throw new IllegalArgumentException("--top must be 0 or more, got " + top);
    }
    ModelBundle bundle = BundleFormat.read(model);
    List<double[]> rows = read(bundle);
    List<FieldSpec> features = bundle.featureSpec().features();
    double threshold = bundle.thresholds().threshold();
    ProgressBar bar = ProgressBar.onStderr();
    try (RecordScorer scorer = ScorerFactory.networks().open(bundle);
        Writer w = out == null ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
            : Files.newBufferedWriter(out)) {
      if (!json) {
        w.write(csvHeader());
      }
      int flagged = 0;
      for (int from = 0; from < rows.size(); from += BATCH) {
        List<double[]> batch = rows.subList(from, Math.min(rows.size(), from + BATCH));
        long[] seeds = IntStream.range(from, from + batch.size()).asLongStream().toArray();
        List<RecordScore> scores = scorer.score(batch, seeds);
        for (int i = 0; i < batch.size(); i++) {
          Result r = Result.of(from + i + 1, batch.get(i), scores.get(i), threshold, features, top);
          flagged += r.anomaly() ? 1 : 0;
          w.write(json ? r.json() : r.csv(top));
        }
        bar.update("score", (double) (from + batch.size()) / rows.size(), "");
      }
      bar.finish();
      w.flush();
      System.err.printf("scored %d rows of %s with model %s: %d above the threshold %.3f%s%n", rows.size(), in,
          bundle.version(), flagged, threshold, out == null ? "" : "; wrote " + out);
    }
    return 0;
  }

  private List<double[]> read(ModelBundle bundle) throws IOException {
    if (!in.getFileName().toString().endsWith(".avro")) {
      return TableReader.read(in, bundle.featureSpec()).rows();
    }
    List<double[]> rows = new ArrayList<>();
    try (DataFileReader<GenericRecord> reader = new DataFileReader<>(in.toFile(), new GenericDatumReader<>())) {
      RecordFeatures features;
      try {
        features = new RecordFeatures(bundle.featureSpec(), reader.getSchema());
      } catch (IllegalArgumentException e) {
        throw new DataFileException(in, 0, e.getMessage());
      }
      while (reader.hasNext()) {
        try {
          rows.add(features.row(reader.next()));
        } catch (DecodeException e) {
          throw new DataFileException(in, rows.size() + 1, "record " + (rows.size() + 1) + ": " + e.getMessage());
        }
      }
    }
    return rows;
  }

  private String csvHeader() {
    StringBuilder h = new StringBuilder("score,threshold,anomaly,kl,row");
    for (int k = 1; k <= top; k++) {
      h.append(",field_").append(k).append(",field_").append(k).append("_nats");
    }
    return h.append(",imputed\n").toString();
  }

  /** One row's result. */
  private record Result(long row, double score, double threshold, boolean anomaly, double kl,
      List<Map.Entry<String, Double>> top, Map<String, Object> imputed) {

    static Result of(long row, double[] values, RecordScore s, double threshold, List<FieldSpec> features, int top) {
      List<Map.Entry<String, Double>> contributions = new ArrayList<>();
      Map<String, Object> imputed = new LinkedHashMap<>();
      for (int j = 0; j < values.length; j++) {
        FieldSpec f = features.get(j);
        if (Double.isNaN(values[j])) {
          FieldEstimate e = s.expected()[j];
          String label = RecordFeatures.label(f, e.value());
          imputed.put(f.name(), label != null ? label : e.value());
        } else {
          contributions.add(Map.entry(f.name(), s.fieldNll()[j]));
        }
      }
      contributions.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
      return new Result(row, s.score(), threshold, s.score() > threshold, s.kl(),
          contributions.subList(0, Math.min(top, contributions.size())), imputed);
    }

    String csv(int width) {
      StringBuilder line = new StringBuilder();
      line.append(score).append(',').append(threshold).append(',').append(anomaly).append(',').append(kl)
          .append(',').append(row);
      for (int k = 0; k < width; k++) {
        if (k < top.size()) {
          line.append(',').append(quoted(top.get(k).getKey())).append(',').append(top.get(k).getValue());
        } else {
          line.append(",,");
        }
      }
      List<String> pairs = new ArrayList<>();
      imputed.forEach((name, value) -> pairs.add(name + "=" + value));
      return line.append(',').append(quoted(String.join(";", pairs))).append('\n').toString();
    }

    String json() {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("score", score);
      o.put("threshold", threshold);
      o.put("anomaly", anomaly);
      o.put("kl", kl);
      o.put("row", row);
      List<Map<String, Object>> fields = new ArrayList<>();
      top.forEach(e -> fields.add(Map.of("field", e.getKey(), "nats", e.getValue())));
      o.put("top_fields", fields);
      o.put("imputed", imputed);
      return new Gson().toJson(o) + "\n";
    }

    private static String quoted(String text) {
      return text.contains(",") || text.contains("\"") ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
  }
}
