package org.elbostream.trainer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.elbostream.trainer.data.DataFileException;
import org.elbostream.trainer.data.LabelReader;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TableReader;
import org.elbostream.trainer.eval.Comparison;
import org.elbostream.trainer.eval.DetectionMetrics;
import org.elbostream.trainer.eval.Evaluation;
import org.elbostream.trainer.fit.ModelTrainer;
import org.elbostream.trainer.fit.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elbostream eval-suite}: train and evaluate on every entity of a benchmark folder in the SMD
 * layout ({@code train/}, {@code test/}, {@code test_label/}), beside Random Cut Forest, and write a
 * per-entity table. This is the command behind the README's quality tables.
 */
@Command(name = "eval-suite", mixinStandardHelpOptions = true,
    description = "Train and evaluate on every entity of a folder in the SMD layout (train/, test/, test_label/),"
        + " beside Random Cut Forest; writes per-entity JSON and a Markdown table.")
public final class EvalSuiteCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, description = "Folder with train/, test/ and test_label/.")
  Path data;

  @Option(names = "--out", required = true, description = "Folder for models, per-entity JSON and summary.md.")
  Path out;

  @Option(names = "--seed", defaultValue = "42", description = "Training seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--epochs", defaultValue = "100", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Override
  public Integer call() throws Exception {
    List<Path> entities = entities();
    TrainingConfig config = TrainingConfig.defaults().withSeed(seed).withEpochs(epochs);
    List<Map<String, Object>> rows = new ArrayList<>();
    StringBuilder md = new StringBuilder();
    md.append("| entity | rows | anomalies | VAE AUC-PR | RCF AUC-PR | VAE best-F1 | RCF best-F1 | VAE PA-F1 | RCF PA-F1"
        + " | VAE train s | RCF s |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    double[] sums = new double[6];
    for (Path trainFile : entities) {
      String name = trainFile.getFileName().toString().replaceAll("\\.txt(\\.gz)?$", "").replaceAll("\\.gz$", "");
      Table train = TableReader.read(trainFile);
      Table test = TableReader.read(data.resolve("test").resolve(trainFile.getFileName()), train.spec());
      boolean[] labels = LabelReader.read(data.resolve("test_label").resolve(trainFile.getFileName()), test.size());
      ProgressBar bar = ProgressBar.onStderr();
      ModelTrainer.TrainedModel model = ModelTrainer.train(train, null, config, TrainCommand.progress(bar, epochs, false));
      Path dir = out.resolve(name);
      model.bundle().writeTo(dir.resolve("model"));
      Comparison result = Comparison.run(model.bundle(), test, labels, train, f -> bar.update("eval " + name, f, ""));
      bar.finish();
      double trainSeconds = model.bundle().manifest().provenance().trainSeconds();
      Map<String, Object> json = new LinkedHashMap<>(result.json(model.bundle()));
      json.put("entity", name);
      json.put("train_seconds", trainSeconds);
      Evaluation.writeJson(dir.resolve("eval.json"), json);
      rows.add(json);
      DetectionMetrics v = result.model();
      DetectionMetrics r = result.rcf();
      md.append(String.format("| %s | %d | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.0f | %.0f |%n", name,
          result.rows(), result.anomalies(), v.aucPr(), r.aucPr(), v.bestF1(), r.bestF1(), v.paF1(), r.paF1(),
          trainSeconds, result.rcfSeconds()));
      double[] add = {v.aucPr(), r.aucPr(), v.bestF1(), r.bestF1(), v.paF1(), r.paF1()};
      for (int k = 0; k < 6; k++) {
        sums[k] += add[k] / entities.size();
      }
      System.out.printf("%-14s VAE AUC-PR %.3f  RCF AUC-PR %.3f  (best-F1 %.3f vs %.3f)%n", name, v.aucPr(), r.aucPr(),
          v.bestF1(), r.bestF1());
    }
    md.append(String.format("| **mean** | | | **%.3f** | **%.3f** | **%.3f** | **%.3f** | %.3f | %.3f | | |%n", sums[0],
        sums[1], sums[2], sums[3], sums[4], sums[5]));
    md.append(String.format("%nSeed %d, at most %d epochs; RCF with default parameters, trained by streaming the"
        + " training file, scoring each test row before updating on it.%n", seed, epochs));
    Files.createDirectories(out);
    Files.writeString(out.resolve("summary.md"), md.toString());
    Evaluation.writeJson(out.resolve("summary.json"), Map.of("entities", rows, "mean", Map.of(
        "auc_pr", sums[0], "best_f1", sums[2], "pa_f1", sums[4],
        "baseline", Map.of("rcf", Map.of("auc_pr", sums[1], "best_f1", sums[3], "pa_f1", sums[5])))));
    System.out.println();
    System.out.print(md);
    System.out.println("wrote " + out.resolve("summary.md"));
    return 0;
  }

  /** omi-2 before omi-10: numbers inside names compare as numbers. */
  static final Comparator<Path> NATURAL_ORDER = Comparator.comparing(p -> padNumbers(p.getFileName().toString()));

  private static String padNumbers(String name) {
    Matcher m = Pattern.compile("\\d+").matcher(name);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, String.format("%012d", Long.parseLong(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  private List<Path> entities() throws IOException {
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
}
