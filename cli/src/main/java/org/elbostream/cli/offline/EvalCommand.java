package org.elbostream.cli.offline;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.elbostream.cli.console.ProgressBar;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.trainer.data.LabelReader;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TableReader;
import org.elbostream.trainer.eval.Comparison;
import org.elbostream.trainer.eval.Evaluation;
import org.elbostream.trainer.report.EvaluationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code elbostream eval}: score a labelled test file and report point-wise detection quality. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Score a labelled test file with a model bundle (and optionally Random Cut Forest) and report"
        + " AUC-PR, AUC-ROC, best F1, F1 at the calibrated threshold and point-adjusted F1.")
public final class EvalCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Model bundle directory.")
  Path model;

  @Option(names = "--test", required = true, description = "Test data, same columns as training; plain or gzip.")
  Path test;

  @Option(names = "--labels", required = true, description = "0/1 label per test row, one per line; plain or gzip.")
  Path labels;

  @Option(names = "--baseline", description = "Also run a peer detector on the same rows: ${COMPLETION-CANDIDATES}"
      + " (AWS Random Cut Forest, default parameters, trained by streaming the training file).")
  Baseline baseline;

  @Option(names = "--train", description = "Training file for the peer (default: the one the bundle was trained on).")
  Path train;

  @Option(names = "--json", description = "Write the results as JSON to this file.")
  Path json;

  @Option(names = "--report", description = "Write an HTML report (scores over time, precision-recall curves) to this file.")
  Path report;

  /** Peer detectors. */
  public enum Baseline { rcf }

  @Override
  public Integer call() throws Exception {
    ModelBundle bundle = BundleFormat.read(model);
    Table table = TableReader.read(test, bundle.featureSpec());
    boolean[] truth = LabelReader.read(labels, table.size());
    Table peerTrain = null;
    if (baseline == Baseline.rcf) {
      Path trainFile = train != null ? train : Path.of(bundle.manifest().provenance().trainingSource());
      peerTrain = TableReader.read(trainFile, bundle.featureSpec());
    }
    ProgressBar bar = ProgressBar.onStderr();
    Comparison result = Comparison.run(bundle, table, truth, peerTrain, f -> bar.update("eval", f, ""));
    bar.finish();
    System.out.printf("%s: %d rows, %d anomalous, model %s, threshold %.3f%n", test, table.size(),
        result.anomalies(), bundle.version(), bundle.thresholds().threshold());
    Evaluation.table(result.shown()).forEach(System.out::println);
    if (json != null) {
      Evaluation.writeJson(json, result.json(bundle));
      System.out.println("wrote " + json);
    }
    if (report != null) {
      EvaluationReport.write(report, "Evaluation of model " + bundle.version() + " on " + test, result, truth,
          bundle.thresholds().threshold());
      System.out.println("wrote " + report);
    }
    return 0;
  }
}
