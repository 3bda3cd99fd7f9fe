package org.elbostream.cli.bench;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.elbostream.cli.demo.DemoData;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.kind.LoadedModel;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TableReader;
import org.elbostream.trainer.fit.FitListener;
import org.elbostream.trainer.fit.ModelTrainer;
import org.elbostream.trainer.fit.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elbostream bench-model}: training and scoring throughput of the model alone, no Kafka. A
 * benchmark that prints figures, not a timed test: compare the ratios within one run.
 */
@Command(name = "bench-model", mixinStandardHelpOptions = true,
    description = "Measure training records/s and scoring records/s at batch 1 and batch 256 on this machine.")
public final class ModelBenchCommand implements Callable<Integer> {

  @Option(names = "--data", description = "Training data (default: the bundled SMD machine).")
  Path data = DemoData.TRAIN;

  @Option(names = "--epochs", defaultValue = "3", description = "Epochs to time (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--seconds", defaultValue = "5", description = "Seconds per scoring measurement (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--json", description = "Write the figures as JSON to this file.")
  Path json;

  @Override
  public Integer call() throws Exception {
    Table table = TableReader.read(data);
    TrainingSettings config = TrainingSettings.builder().epochs(epochs).build();
    long t0 = System.nanoTime();
    ModelTrainer.TrainedModel model = ModelTrainer.train(table, null, config, FitListener.NONE);
    double trainSeconds = (System.nanoTime() - t0) / 1e9;
    int epochsRun = model.history().size();
    double trainRate = (double) model.bundle().manifest().provenance().trainRows() * epochsRun / trainSeconds;

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("features", table.spec().featureCount());
    out.put("scoring", model.bundle().manifest().scoring().toString());
    out.put("train_records_per_s", trainRate);
    System.out.printf("training: %.0f records/s (%d epochs of %d rows, %.1f s, incl. validation)%n", trainRate,
        epochsRun, model.bundle().manifest().provenance().trainRows(), trainSeconds);
    for (int batch : new int[] {1, 256}) {
      double rate = scoringRate(model.bundle(), table.rows(), batch);
      out.put("score_records_per_s_batch_" + batch, rate);
      System.out.printf("scoring, batch %3d: %.0f records/s (%.1f us/record)%n", batch, rate, 1e6 / rate);
    }
    out.put("batch_256_vs_batch_1", (double) out.get("score_records_per_s_batch_256")
        / (double) out.get("score_records_per_s_batch_1"));
    System.out.printf("batch 256 vs batch 1: %.1fx%n", (double) out.get("batch_256_vs_batch_1"));
    if (json != null) {
      Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(out));
      System.out.println("wrote " + json);
    }
    return 0;
  }

  /** Records per second over about {@link #seconds}, after a warm-up of the same length / 5. */
  private double scoringRate(ModelBundle bundle, List<double[]> rows, int batch) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      RowScorer scorer = LoadedModel.of(bundle, manager).scorer();
      runFor(scorer, rows, batch, seconds / 5);
      return runFor(scorer, rows, batch, seconds);
    }
  }

  private static double runFor(RowScorer scorer, List<double[]> rows, int batch, double limit) {
    long start = System.nanoTime();
    long deadline = start + (long) (limit * 1e9);
    long records = 0;
    int from = 0;
    while (System.nanoTime() < deadline) {
      if (from + batch > rows.size()) {
        from = 0;
      }
      scorer.score(rows.subList(from, from + batch));
      records += batch;
      from += batch;
    }
    return records / ((System.nanoTime() - start) / 1e9);
  }
}
