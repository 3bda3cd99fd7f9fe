package org.elbostream.cli.offline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.elbostream.cli.console.ProgressBar;
import org.elbostream.cli.console.TrainingProgress;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.trainer.eval.BenchmarkSuite;
import org.elbostream.trainer.eval.Evaluation;
import org.elbostream.trainer.eval.baseline.Baseline;
import org.elbostream.trainer.eval.baseline.BaselineSettings;
import org.elbostream.trainer.fit.Setting;
import org.elbostream.trainer.fit.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code elbostream eval-suite}: train and evaluate on every entity of a benchmark folder in the SMD
 * layout ({@code train/}, {@code test/}, {@code test_label/}), beside the baselines, and write the
 * per-entity tables, each detector's means and the model's wins. This is the command behind the
 * quality tables in docs/.
 */
@Command(name = "eval-suite", mixinStandardHelpOptions = true, modelTransformer = EvalSuiteCommand.Settings.class,
    header = "Train and judge a model on every series of a benchmark folder, beside the baselines.",
    description = "Train and evaluate on every entity of a folder in the SMD layout (train/, test/, test_label/),"
        + " beside the baselines on the same rows; writes per-entity JSON and Markdown tables of VUS-PR and AUC-PR"
        + " per entity, each detector's mean of every measure and the model's wins against each baseline.")
public final class EvalSuiteCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, description = "Folder with train/, test/ and test_label/.")
  Path data;

  @Option(names = "--out", required = true, description = "Folder for models, per-entity JSON and summary.md.")
  Path out;

  @Option(names = "--baseline", paramLabel = "NAMES", defaultValue = EvalCommand.ALL_BASELINES,
      description = "Detectors run beside the model, comma-separated: rcf, pca, iforest, kmeans, or none"
          + " (default: all).")
  String baseline;

  @Mixin
  OperatingPointOptions operatingPoint = new OperatingPointOptions();

  @Spec
  CommandSpec spec;

  /** Every training setting: each entity's model is trained as {@code train} would train it. */
  static final List<Setting<?>> SETTINGS = TrainingSettings.DECLARED;

  /** Those settings and the baselines' as options, made from their declarations. */
  static final class Settings extends SettingOptions.Declared {
    Settings() {
      super(Stream.concat(SETTINGS.stream(), BaselineSettings.DECLARED.stream()).toList());
    }
  }

  @Override
  public Integer call() throws Exception {
    TrainingSettings settings = SettingOptions.apply(spec, SETTINGS, TrainingSettings.builder()).build();
    List<Baseline> baselines = Baseline.list(baseline);
    BenchmarkSuite suite = new BenchmarkSuite(data, settings, baselines,
        BaselineSettings.of(SettingOptions.given(spec, BaselineSettings.DECLARED)), operatingPoint.of(null),
        operatingPoint.screening());
    List<BenchmarkSuite.EntityResult> results = new ArrayList<>();
    for (Path trainFile : suite.entities()) {
      BenchmarkSuite.Entity entity = suite.read(trainFile);
      ProgressBar bar = ProgressBar.onStderr();
      BenchmarkSuite.EntityResult result = suite.evaluate(entity, TrainingProgress.on(bar, settings.epochs(), false),
          f -> bar.update("eval " + entity.name(), f, ""));
      bar.finish();
      Path dir = out.resolve(entity.name());
      BundleFormat.write(result.model().bundle(), dir.resolve("model"));
      Evaluation.writeJson(dir.resolve("eval.json"), result.json());
      results.add(result);
      StringBuilder line = new StringBuilder(String.format("%-14s VUS-PR", entity.name()));
      result.comparison().detectors().forEach(d -> line.append(String.format("  %s %.3f", d.name(),
          d.metrics().vusPr())));
      System.out.println(line);
    }
    String md = suite.summary(results);
    Files.createDirectories(out);
    Files.writeString(out.resolve("summary.md"), md);
    Evaluation.writeJson(out.resolve("summary.json"), suite.summaryJson(results));
    System.out.println();
    System.out.print(md);
    System.out.println("wrote " + out.resolve("summary.md"));
    return 0;
  }
}
