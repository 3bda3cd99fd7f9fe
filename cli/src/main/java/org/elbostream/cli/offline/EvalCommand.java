package org.elbostream.cli.offline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.elbostream.cli.console.ProgressBar;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.bundle.Provenance;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.trainer.data.LabelReader;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TableReader;
import org.elbostream.trainer.eval.Comparison;
import org.elbostream.trainer.eval.Evaluation;
import org.elbostream.trainer.eval.OperatingPoint;
import org.elbostream.trainer.eval.baseline.Baseline;
import org.elbostream.trainer.eval.baseline.BaselineSettings;
import org.elbostream.trainer.report.EvaluationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code elbostream eval}: score a labelled test file with a bundle, and optionally the baselines
 * beside it, and report TSB-AD's measures in one table.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, modelTransformer = EvalCommand.Settings.class,
    header = "Judge a model on labelled data by TSB-AD's measures, beside the baselines.",
    description = "Score a labelled test file with a model bundle, and with --baseline the simple detectors beside"
        + " it on the same rows, and report VUS-PR, VUS-ROC, AUC-PR, AUC-ROC, the oracle F-scores (standard,"
        + " event-based, range-based, affiliation, point-adjusted) and event-based F1, precision and recall at"
        + " each detector's own threshold: detectors as columns, the best of each row marked.")
public final class EvalCommand implements Callable<Integer> {
  /** Every baseline, what a bare {@code --baseline} runs. */
  static final String ALL_BASELINES = "rcf,pca,iforest,kmeans";

  @Option(names = "--model", required = true, description = "Model bundle directory.")
  Path model;

  @Option(names = "--test", required = true, description = "Test data, same columns as training; plain or gzip.")
  Path test;

  @Option(names = "--labels", required = true, description = "Which test rows are anomalous, plain or gzip: a 0 or 1"
      + " per row, one per line; or start,end per line, 1-based inclusive row numbers or times of each anomalous"
      + " range (times need the model's --time column); or SMD's interpretation labels (start-end:fields, 0-based,"
      + " end excluded); or NAB's window JSON. Told apart by their shape.")
  Path labels;

  @Option(names = "--labels-format", paramLabel = "FORMAT", description = "Read --labels as rows, ranges,"
      + " interpretation, times or nab instead of telling the format by its shape.")
  String labelsFormat;

  @Option(names = "--baseline", arity = "0..1", fallbackValue = ALL_BASELINES, paramLabel = "NAMES",
      description = "Also run these detectors on the same rows, comma-separated: rcf (Random Cut Forest), pca,"
          + " iforest (Isolation Forest), kmeans (KMeansAD); all four when no list is given. Each is fitted on"
          + " the training file.")
  String baseline;

  @Option(names = "--train", description = "Training file the baselines are fitted on; without it, the file the"
      + " model was trained on, looked for by its name in the working directory.")
  Path train;

  @Option(names = "--json", description = "Write every value as JSON to this file: ours at the top level, each"
      + " baseline's under baseline.<name>, the incident figures of each in an object incidents.")
  Path json;

  @Option(names = "--report", description = "Write an HTML report (the table, scores over time, every detector's"
      + " precision-recall curve) to this file.")
  Path report;

  @Mixin
  OperatingPointOptions operatingPoint = new OperatingPointOptions();

  @Spec
  CommandSpec spec;

  /** The baselines' settings as options, made from their declarations. */
  static final class Settings extends SettingOptions.Declared {
    Settings() {
      super(BaselineSettings.DECLARED);
    }
  }

  /**
   * The rows the baselines are fitted on: {@code --train}, or the model's training file found by its
   * name (the bundle keeps the name, not the path); a note when they are not the rows the model saw.
   */
  private Table baselineTrain(ModelBundle bundle) {
    Provenance p = bundle.manifest().provenance();
    Path file = train != null ? train : Path.of(p.trainingSource());
    if (train == null && !Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--baseline fits the baselines on the model's training file, "
          + p.trainingSource() + ", which is not in the working directory: give it with --train FILE");
    }
    Table rows = TableReader.read(file, bundle.featureSpec());
    if (!rows.contentHash().equals(p.trainingDataHash())) {
      System.err.println("note: " + file + " holds other rows than the model was trained on; the baselines are"
          + " fitted on it all the same");
    }
    return rows;
  }

  @Override
  public Integer call() throws Exception {
    ModelBundle bundle = BundleFormat.read(model);
    Table table = TableReader.read(test, bundle.featureSpec());
    boolean[] truth = LabelReader.read(labels, table, labelsFormat == null ? null : LabelReader.Format.of(labelsFormat));
    List<Baseline> baselines = baseline == null ? List.of()
        : Baseline.list(baseline);
    Table baselineTrain = baselines.isEmpty() ? null : baselineTrain(bundle);
    BaselineSettings settings = BaselineSettings.of(SettingOptions.given(spec, BaselineSettings.DECLARED));
    ProgressBar bar = ProgressBar.onStderr();
    OperatingPoint point = operatingPoint.of(table);
    Comparison result = Comparison.run(bundle, table, truth, baselineTrain, baselines, settings, point,
        operatingPoint.screening(), f -> bar.update("eval", f, ""));
    bar.finish();
    System.out.printf("%s: %d rows, %d anomalous, model %s, VUS buffer length %d (from the first column)%n", test,
        table.size(), result.anomalies(), bundle.version(), result.bufferLength());
    result.table().forEach(System.out::println);
    System.out.printf("'*' best of the row; oracle F-scores pick their threshold with the labels, '@ own threshold'"
        + " rows use each detector's label-free threshold (each moved by %s as the service moves ours); incidents"
        + " %s. eval took %.1f s.%n", point.policy().mode().name().toLowerCase(java.util.Locale.ROOT),
        point.rules().describe(), result.seconds());
    System.out.println(result.incidentSummary());
    result.screeningSummary().ifPresent(System.out::println);
    if (json != null) {
      Evaluation.writeJson(json, result.json(bundle));
      System.out.println("wrote " + json);
    }
    if (report != null) {
      EvaluationReport.write(report, "Evaluation of model " + bundle.version() + " on " + test, result, truth);
      System.out.println("wrote " + report);
    }
    return 0;
  }
}
