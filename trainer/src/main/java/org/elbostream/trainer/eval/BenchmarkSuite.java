package org.elbostream.trainer.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.scoring.Screening;
import org.elbostream.trainer.data.DataFileException;
import org.elbostream.trainer.data.LabelReader;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TableReader;
import org.elbostream.trainer.eval.baseline.Baseline;
import org.elbostream.trainer.eval.baseline.BaselineSettings;
import org.elbostream.trainer.fit.FitListener;
import org.elbostream.trainer.fit.ModelTrainer;
import org.elbostream.trainer.fit.TrainingSettings;

/**
 * Trains and evaluates a model on every entity of a benchmark folder in the SMD layout
 * ({@code train/}, {@code test/}, {@code test_label/}, one file per entity under each), beside the
 * baselines, and sums the figures up in Markdown tables: per entity, each detector's mean, and how
 * often the model beats each baseline.
 *
 * @param data the folder
 * @param config the training settings of every entity's model
 * @param baselines the detectors run beside it
 * @param baselineSettings their settings
 * @param operatingPoint where the service would page, for the incident figures
 */
public record BenchmarkSuite(Path data, TrainingSettings config, List<Baseline> baselines,
    BaselineSettings baselineSettings, OperatingPoint operatingPoint, Screening screening) {

  /** omi-2 before omi-10: numbers inside names compare as numbers. */
  static final Comparator<Path> NATURAL_ORDER = Comparator.comparing(p -> padNumbers(p.getFileName().toString()));

  /** One entity's files, read. */
  public record Entity(String name, Table train, Table test, boolean[] labels) {}

  /** One entity's model and every detector's figures on its test split. */
  public record EntityResult(Entity entity, ModelTrainer.TrainedModel model, Comparison comparison) {
    /** The per-entity JSON: the comparison's keys, the entity's name and the training time. */
    public Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>(comparison.json(model.bundle()));
      json.put("entity", entity.name());
      json.put("train_seconds", model.bundle().manifest().provenance().trainSeconds());
      return json;
    }
  }

  /** The training files of the entities, in natural order. */
  public List<Path> entities() throws IOException {
    Path trainDir = data.resolve("train");
    if (!Files.isDirectory(trainDir)) {
      throw new DataFileException(data, 0, "no train/ folder: expected train/, test/ and test_label/");
    }
    try (Stream<Path> files = Files.list(trainDir)) {
      List<Path> out = files.filter(Files::isRegularFile).sorted(NATURAL_ORDER).toList();
      if (out.isEmpty()) {
        throw new DataFileException(trainDir, 0, "no training files");
      }
      return out;
    }
  }

  /** Reads an entity's train, test and label files. */
  public Entity read(Path trainFile) {
    String name = trainFile.getFileName().toString().replaceAll("\\.txt(\\.gz)?$", "").replaceAll("\\.gz$", "");
    Table train = TableReader.read(trainFile);
    Table test = TableReader.read(data.resolve("test").resolve(trainFile.getFileName()), train.spec());
    boolean[] labels = LabelReader.read(data.resolve("test_label").resolve(trainFile.getFileName()), test.size());
    return new Entity(name, train, test, labels);
  }

  /**
   * Trains on the entity's train split and scores its test split with the model and the baselines.
   *
   * @param progress hears the fraction of the evaluation done
   */
  public EntityResult evaluate(Entity entity, FitListener training, DoubleConsumer progress)
      throws BundleFormatException {
    ModelTrainer.TrainedModel model = ModelTrainer.train(entity.train(), null, config, training);
    Comparison result = Comparison.run(model.bundle(), entity.test(), entity.labels(), entity.train(), baselines,
        baselineSettings, operatingPoint, screening, progress);
    return new EntityResult(entity, model, result);
  }

  /**
   * The Markdown summary: VUS-PR per entity and detector (the best of each row in bold), each
   * detector's mean and the model's wins against each baseline; the same for AUC-PR; every
   * measure's mean per detector; a note of the settings.
   */
  public String summary(List<EntityResult> results) {
    StringBuilder md = new StringBuilder();
    List<String> names = results.get(0).comparison().detectors().stream().map(Comparison.Detected::name).toList();
    for (String key : List.of("vus_pr", "auc_pr")) {
      DetectionMetrics.Measure measure = measure(key);
      md.append("**").append(measure.label()).append("** per entity (buffer length from each test file's first"
          + " column):\n\n| entity | rows | anomalies | buffer |");
      names.forEach(n -> md.append(' ').append(n).append(" |"));
      md.append("\n|---|---|---|---|").append("---|".repeat(names.size())).append('\n');
      for (EntityResult e : results) {
        Comparison c = e.comparison();
        md.append(String.format("| %s | %d | %d | %d |", e.entity().name(), c.rows(), c.anomalies(), c.bufferLength()));
        double best = c.detectors().stream().mapToDouble(d -> measure.value().applyAsDouble(d.metrics())).max()
            .orElse(Double.NaN);
        for (Comparison.Detected d : c.detectors()) {
          double v = measure.value().applyAsDouble(d.metrics());
          md.append(v == best ? String.format(" **%.3f** |", v) : String.format(" %.3f |", v));
        }
        md.append('\n');
      }
      md.append("| **mean** | | | |");
      double[] means = IntStream.range(0, names.size()).mapToDouble(i -> mean(results, i, measure)).toArray();
      double bestMean = Arrays.stream(means).max().orElse(Double.NaN);
      for (double v : means) {
        md.append(v == bestMean ? String.format(" **%.3f** |", v) : String.format(" %.3f |", v));
      }
      md.append("\n| model wins | | | |");
      for (int i = 0; i < names.size(); i++) {
        md.append(i == 0 ? " |" : String.format(" %d of %d |", wins(results, i, measure), results.size()));
      }
      md.append("\n\n");
    }
    md.append("**Every measure**, mean over the entities (oracle F-scores pick their threshold with the labels;"
        + " the last three rows use each detector's own label-free threshold):\n\n| measure |");
    names.forEach(n -> md.append(' ').append(n).append(" |"));
    md.append("\n|---|").append("---|".repeat(names.size())).append('\n');
    for (DetectionMetrics.Measure m : DetectionMetrics.MEASURES) {
      md.append("| ").append(m.label()).append(" |");
      for (int i = 0; i < names.size(); i++) {
        md.append(String.format(" %.3f |", mean(results, i, m)));
      }
      md.append('\n');
    }
    md.append("\n").append(incidentTable(results, names));
    md.append(screeningTable(results));
    md.append(String.format("%nModel: %s.", settingsNote()));
    md.append(names.size() == 1 ? "\n" : String.format(" Baselines: %s, fitted on each training file; %s.%n",
        String.join(", ", names.subList(1, names.size())), baselineSettings.describe()));
    return md.toString();
  }

  /**
   * Incidents pooled over the entities: every entity's segments and false incidents added up, so a
   * series with many segments weighs as much as it pages.
   */
  private String incidentTable(List<EntityResult> results, List<String> names) {
    StringBuilder md = new StringBuilder(String.format("**Incidents**, pooled over the entities (every detector at"
        + " the service's operating point: a %s threshold started from its own calibration, incidents opening on %d"
        + " of the last %d records and resolving after %d records' worth of quiet; rows %d s apart):%n%n"
        + "| detector | segments detected | false incidents | normal days | false per day |%n|---|---|---|---|---|%n",
        operatingPoint.policy().mode().name().toLowerCase(java.util.Locale.ROOT), operatingPoint.rules().k(),
        operatingPoint.rules().n(), operatingPoint.rules().quietRecords(), operatingPoint.intervalMillis() / 1000));
    for (int i = 0; i < names.size(); i++) {
      int detector = i;
      IncidentMeasures.Pooled p = IncidentMeasures.pool(results.stream()
          .map(r -> r.comparison().detectors().get(detector).metrics().incidents()).toList());
      md.append(String.format("| %s | %d of %d (%.1f %%) | %d | %.1f | %.2f |%n", names.get(i), p.detected(),
          p.segments(), 100 * p.segmentRecall(), p.falseIncidents(), p.normalDays(), p.falsePerDay()));
    }
    return md.toString();
  }

  /**
   * What screening changed, per entity and on average: the share of rows scored with the full count,
   * and the model's headline measures screened and in full; empty when the model was not screened.
   */
  private String screeningTable(List<EntityResult> results) {
    if (results.stream().anyMatch(r -> r.comparison().screening() == null)) {
      return "";
    }
    List<DetectionMetrics.Measure> shown = List.of(measure("vus_pr"), measure("threshold_event_f1"));
    StringBuilder md = new StringBuilder(String.format("%n**Screening** (%d z samples first, the full count where"
        + " that estimate is within %.1f standard errors of where the threshold learns, or over it), against every"
        + " row scored with the full count, same model:%n%n| entity | rows in full |", screening.samples(), screening.margin()));
    shown.forEach(m -> md.append(' ').append(m.label()).append(" screened | in full | difference |"));
    md.append("\n|---|---|").append("---|---|---|".repeat(shown.size())).append('\n');
    double[] share = new double[results.size()];
    double[][] diff = new double[shown.size()][results.size()];
    for (int e = 0; e < results.size(); e++) {
      Comparison c = results.get(e).comparison();
      share[e] = c.screening().fullCountShare();
      md.append(String.format("| %s | %.1f %% |", results.get(e).entity().name(), 100 * share[e]));
      for (int k = 0; k < shown.size(); k++) {
        double screened = shown.get(k).value().applyAsDouble(c.model().metrics());
        double full = shown.get(k).value().applyAsDouble(c.screening().fullCount());
        diff[k][e] = screened - full;
        md.append(String.format(" %.4f | %.4f | %+.4f |", screened, full, diff[k][e]));
      }
      md.append('\n');
    }
    md.append(String.format("| **mean** | %.1f %% |", 100 * Arrays.stream(share).average().orElse(Double.NaN)));
    for (double[] d : diff) {
      md.append(String.format(" | | %+.4f (largest %.4f) |", Arrays.stream(d).average().orElse(Double.NaN),
          Arrays.stream(d).map(Math::abs).max().orElse(Double.NaN)));
    }
    return md.append('\n').toString();
  }

  /** The model's settings that are not the defaults, as options: what reproduces it. */
  private String settingsNote() {
    Map<String, String> defaults = TrainingSettings.builder().build().describe();
    List<String> changed = new ArrayList<>();
    config.describe().forEach((name, value) -> {
      if (!value.equals(defaults.get(name))) {
        changed.add("--" + name + " " + value);
      }
    });
    return changed.isEmpty() ? "the default settings" : "the defaults but " + String.join(" ", changed);
  }

  /** The summary JSON: every entity's figures, and each detector's mean of every measure. */
  public Map<String, Object> summaryJson(List<EntityResult> results) {
    List<Map<String, Object>> rows = new ArrayList<>();
    results.forEach(r -> rows.add(r.json()));
    List<Comparison.Detected> first = results.get(0).comparison().detectors();
    Map<String, Object> mean = new LinkedHashMap<>(means(results, 0));
    Map<String, Object> peers = new LinkedHashMap<>();
    for (int i = 1; i < first.size(); i++) {
      Map<String, Object> peer = new LinkedHashMap<>(means(results, i));
      peer.put("model_wins_vus_pr", wins(results, i, measure("vus_pr")));
      peers.put(first.get(i).name(), peer);
    }
    if (!peers.isEmpty()) {
      mean.put("baseline", peers);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("entities", rows);
    out.put("mean", mean);
    IncidentMeasures.Pooled pooled = IncidentMeasures.pool(results.stream()
        .map(r -> r.comparison().model().metrics().incidents()).toList());
    Map<String, Object> incidents = new LinkedHashMap<>();
    incidents.put("segments", pooled.segments());
    incidents.put("segments_detected", pooled.detected());
    incidents.put("false_incidents", pooled.falseIncidents());
    incidents.put("normal_days", pooled.normalDays());
    incidents.put("false_per_day", pooled.falsePerDay());
    out.put("pooled_incidents", incidents);
    return out;
  }

  private static Map<String, Object> means(List<EntityResult> results, int detector) {
    Map<String, Object> out = new LinkedHashMap<>();
    DetectionMetrics.MEASURES.forEach(m -> out.put(m.key(), mean(results, detector, m)));
    return out;
  }

  private static double mean(List<EntityResult> results, int detector, DetectionMetrics.Measure measure) {
    double sum = 0;
    for (EntityResult r : results) {
      sum += measure.value().applyAsDouble(r.comparison().detectors().get(detector).metrics()) / results.size();
    }
    return sum;
  }

  /** Entities where the model's value is above the baseline's. */
  private static int wins(List<EntityResult> results, int detector, DetectionMetrics.Measure measure) {
    int wins = 0;
    for (EntityResult r : results) {
      List<Comparison.Detected> d = r.comparison().detectors();
      wins += measure.value().applyAsDouble(d.get(0).metrics())
          > measure.value().applyAsDouble(d.get(detector).metrics()) ? 1 : 0;
    }
    return wins;
  }

  private static DetectionMetrics.Measure measure(String key) {
    return DetectionMetrics.MEASURES.stream().filter(m -> m.key().equals(key)).findFirst().orElseThrow();
  }

  private static String padNumbers(String name) {
    Matcher m = Pattern.compile("\\d+").matcher(name);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, String.format("%012d", Long.parseLong(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }
}
