package org.elbostream.trainer.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.trainer.data.DataFileException;
import org.elbostream.trainer.data.LabelReader;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TableReader;
import org.elbostream.trainer.fit.FitListener;
import org.elbostream.trainer.fit.ModelTrainer;
import org.elbostream.trainer.fit.TrainingSettings;

/**
 * Trains and evaluates a model on every entity of a benchmark folder in the SMD layout
 * ({@code train/}, {@code test/}, {@code test_label/}, one file per entity under each), beside
 * Random Cut Forest, and sums the figures up in a Markdown table.
 *
 * @param data the folder
 * @param config the training settings of every entity's model
 */
public record BenchmarkSuite(Path data, TrainingSettings config) {

  /** omi-2 before omi-10: numbers inside names compare as numbers. */
  static final Comparator<Path> NATURAL_ORDER = Comparator.comparing(p -> padNumbers(p.getFileName().toString()));

  /** One entity's files, read. */
  public record Entity(String name, Table train, Table test, boolean[] labels) {}

  /** One entity's model and both detectors' figures on its test split. */
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
   * Trains on the entity's train split and scores its test split with the model and with RCF.
   *
   * @param progress hears the fraction of the evaluation done
   */
  public EntityResult evaluate(Entity entity, FitListener training, DoubleConsumer progress)
      throws BundleFormatException {
    ModelTrainer.TrainedModel model = ModelTrainer.train(entity.train(), null, config, training);
    Comparison result = Comparison.run(model.bundle(), entity.test(), entity.labels(), entity.train(), progress);
    return new EntityResult(entity, model, result);
  }

  /** The Markdown table of the results, a mean row and a note of the settings. */
  public String summary(List<EntityResult> results) {
    StringBuilder md = new StringBuilder();
    md.append("| entity | rows | anomalies | VAE AUC-PR | RCF AUC-PR | VAE best-F1 | RCF best-F1 | VAE PA-F1 | RCF PA-F1"
        + " | VAE train s | RCF s |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (EntityResult e : results) {
      Comparison result = e.comparison();
      DetectionMetrics v = result.model();
      DetectionMetrics r = result.rcf();
      md.append(String.format("| %s | %d | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.0f | %.0f |%n",
          e.entity().name(), result.rows(), result.anomalies(), v.aucPr(), r.aucPr(), v.bestF1(), r.bestF1(), v.paF1(),
          r.paF1(), e.model().bundle().manifest().provenance().trainSeconds(), result.rcfSeconds()));
    }
    Map<String, Double> m = means(results);
    md.append(String.format("| **mean** | | | **%.3f** | **%.3f** | **%.3f** | **%.3f** | %.3f | %.3f | | |%n",
        m.get("vae.auc_pr"), m.get("rcf.auc_pr"), m.get("vae.best_f1"), m.get("rcf.best_f1"), m.get("vae.pa_f1"),
        m.get("rcf.pa_f1")));
    md.append(String.format("%nSeed %d, at most %d epochs; RCF with default parameters, trained by streaming the"
        + " training file, scoring each test row before updating on it.%n", config.seed(), config.epochs()));
    return md.toString();
  }

  /** The summary JSON: every entity's figures and the means, the peer's under {@code baseline.rcf}. */
  public Map<String, Object> summaryJson(List<EntityResult> results) {
    List<Map<String, Object>> rows = new ArrayList<>();
    results.forEach(r -> rows.add(r.json()));
    Map<String, Double> m = means(results);
    return Map.of("entities", rows, "mean", Map.of(
        "auc_pr", m.get("vae.auc_pr"), "best_f1", m.get("vae.best_f1"), "pa_f1", m.get("vae.pa_f1"),
        "baseline", Map.of("rcf", Map.of("auc_pr", m.get("rcf.auc_pr"), "best_f1", m.get("rcf.best_f1"),
            "pa_f1", m.get("rcf.pa_f1")))));
  }

  private static Map<String, Double> means(List<EntityResult> results) {
    Map<String, Double> out = new LinkedHashMap<>();
    Map<String, Function<DetectionMetrics, Double>> measures = Map.of("auc_pr", DetectionMetrics::aucPr,
        "best_f1", DetectionMetrics::bestF1, "pa_f1", DetectionMetrics::paF1);
    measures.forEach((name, measure) -> {
      out.put("vae." + name, mean(results, r -> measure.apply(r.comparison().model())));
      out.put("rcf." + name, mean(results, r -> measure.apply(r.comparison().rcf())));
    });
    return out;
  }

  private static double mean(List<EntityResult> results, Function<EntityResult, Double> value) {
    double sum = 0;
    for (EntityResult r : results) {
      sum += value.apply(r) / results.size();
    }
    return sum;
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
