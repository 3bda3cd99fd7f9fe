package org.elbostream.trainer.cli;

import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.bundle.Provenance;
import org.elbostream.model.threshold.ThresholdCalibrator;
import org.elbostream.trainer.data.LabelReader;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TableReader;
import org.elbostream.trainer.eval.DetectionMetrics;
import org.elbostream.trainer.eval.Evaluation;
import org.elbostream.trainer.eval.RcfBaseline;
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

  @Option(names = "--baseline", description = "Also run a peer detector on the same rows: rcf (AWS Random Cut Forest).")
  Baseline baseline;

  @Option(names = "--train", description = "Training file for the peer (default: the one the bundle was trained on).")
  Path train;

  @Option(names = "--json", description = "Write the results as JSON to this file.")
  Path json;

  /** Peer detectors. */
  public enum Baseline { rcf }

  @Override
  public Integer call() throws Exception {
    ModelBundle bundle = ModelBundle.read(model);
    Table table = TableReader.read(test, bundle.featureSpec());
    boolean[] truth = LabelReader.read(labels, table.size());
    ProgressBar bar = ProgressBar.onStderr();

    long start = System.nanoTime();
    double[] scores = Evaluation.score(bundle, table.rows(),
        done -> bar.update("scoring", (double) done / table.size(), done + " rows"));
    double seconds = (System.nanoTime() - start) / 1e9;
    bar.finish();
    DetectionMetrics ours = DetectionMetrics.of(scores, truth, bundle.thresholds().threshold());
    Map<String, DetectionMetrics> shown = new LinkedHashMap<>();
    shown.put("vae", ours);
    Map<String, Object> out = new LinkedHashMap<>(Evaluation.json(ours, table.size(), seconds));
    out.put("model_version", bundle.version());
    out.put("threshold", bundle.thresholds().threshold());

    if (baseline == Baseline.rcf) {
      Path trainFile = train != null ? train : Path.of(bundle.manifest().provenance().trainingSource());
      Table trainTable = TableReader.read(trainFile, bundle.featureSpec());
      long t0 = System.nanoTime();
      int total = trainTable.size() + table.size();
      Provenance provenance = bundle.manifest().provenance();
      double heldOut = (double) provenance.validationRows() / (provenance.trainRows() + provenance.validationRows());
      RcfBaseline rcf = RcfBaseline.train(trainTable.rows(), provenance.seed(), heldOut,
          ThresholdCalibrator.defaults(), done -> bar.update("rcf", (double) done / total, "training"));
      double[] rcfScores = rcf.scoreAndUpdate(table.rows(),
          done -> bar.update("rcf", (double) (trainTable.size() + done) / total, "scoring"));
      double rcfSeconds = (System.nanoTime() - t0) / 1e9;
      bar.finish();
      DetectionMetrics peer = DetectionMetrics.of(rcfScores, truth, rcf.threshold());
      shown.put("rcf", peer);
      out.put("baseline", Map.of("rcf", Evaluation.json(peer, table.size(), rcfSeconds)));
    }

    System.out.printf("%s: %d rows, %d anomalous, model %s, threshold %.3f%n", test, table.size(),
        countTrue(truth), bundle.version(), bundle.thresholds().threshold());
    Evaluation.table(shown).forEach(System.out::println);
    if (json != null) {
      Files.writeString(json, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
          .toJson(out));
      System.out.println("wrote " + json);
    }
    return 0;
  }

  private static int countTrue(boolean[] values) {
    int n = 0;
    for (boolean v : values) {
      n += v ? 1 : 0;
    }
    return n;
  }
}
