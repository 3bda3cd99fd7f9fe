package org.elbostream.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.math3.stat.regression.SimpleRegression;
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
    description = "Measure training and scoring rates, batch 1 to 256, and a scoring call's fixed cost.")
public final class ModelBenchCommand implements Callable<Integer> {

  @Option(names = "--data", description = "Training data (default: the bundled SMD machine).")
  Path data = DemoData.TRAIN;

  @Option(names = "--epochs", defaultValue = "3", description = "Epochs to time (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--seconds", defaultValue = "5", description = "Seconds per scoring measurement (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--batch-sizes", split = ",", defaultValue = "1,2,4,16,64,256", description = "Batch sizes to time,"
      + " from the service's inline path (1) to its default (256); two or more split a call's cost"
      + " (default: ${DEFAULT-VALUE}).")
  List<Integer> batches;

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
    // Each batch size's cost per call; a line through them splits it into what every call pays
    // whatever its size (the engine calls of a forward pass, their JNI hand-overs and the arrays
    // they make) and what each record adds.
    SimpleRegression perCall = new SimpleRegression();
    Map<String, Object> calls = new LinkedHashMap<>();
    for (int batch : batches) {
      Timing t = scoringRate(model.bundle(), table.rows(), batch);
      perCall.addData(batch, t.microsPerCall());
      calls.put(Integer.toString(batch), t.json());
      out.put("score_records_per_s_batch_" + batch, t.recordsPerSecond());
      System.out.printf("scoring, batch %3d: %,8.0f records/s, %8.1f µs per call (%6.1f per record), %,7.0f JVM bytes"
          + " allocated per call, GC %4.1f %% of the time%n", batch, t.recordsPerSecond(), t.microsPerCall(),
          t.microsPerCall() / batch, t.bytesPerCall(), 100 * t.gcShare());
    }
    double opMicros = engineOpMicros();
    out.put("calls", calls);
    out.put("engine_op_round_trip_us", opMicros);
    if (batches.size() > 1) {
      out.put("call_overhead_us", perCall.getIntercept());
      out.put("per_record_us", perCall.getSlope());
      System.out.printf("a call costs %.1f µs whatever its size, plus %.2f µs per record (least squares, R² %.3f);"
          + " one small engine operation (an add on a 1×4 array and its read-back) costs %.1f µs, so the fixed part"
          + " is about %.0f such operations%n", perCall.getIntercept(), perCall.getSlope(), perCall.getRSquare(),
          opMicros, perCall.getIntercept() / opMicros);
    }
    if (out.containsKey("score_records_per_s_batch_256") && out.containsKey("score_records_per_s_batch_1")) {
      out.put("batch_256_vs_batch_1", (double) out.get("score_records_per_s_batch_256")
          / (double) out.get("score_records_per_s_batch_1"));
      System.out.printf("batch 256 vs batch 1: %.1fx%n", (double) out.get("batch_256_vs_batch_1"));
    }
    if (json != null) {
      Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(out));
      System.out.println("wrote " + json);
    }
    return 0;
  }

  /** One batch size's figures. */
  private record Timing(int batch, double recordsPerSecond, double bytesPerCall, double gcShare) {
    double microsPerCall() {
      return 1e6 * batch / recordsPerSecond;
    }

    Map<String, Object> json() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("records_per_s", recordsPerSecond);
      out.put("us_per_call", microsPerCall());
      out.put("jvm_bytes_per_call", bytesPerCall);
      out.put("gc_share", gcShare);
      return out;
    }
  }

  /** About {@link #seconds} of scoring, after a warm-up of the same length / 5. */
  private Timing scoringRate(ModelBundle bundle, List<double[]> rows, int batch) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      RowScorer scorer = LoadedModel.of(bundle, manager).scorer();
      runFor(scorer, rows, batch, seconds / 5);
      var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long id = Thread.currentThread().getId();
      long bytes0 = threads.getThreadAllocatedBytes(id);
      long gc0 = gcMillis();
      long start = System.nanoTime();
      long calls = runFor(scorer, rows, batch, seconds);
      double wall = (System.nanoTime() - start) / 1e9;
      return new Timing(batch, calls * batch / wall, (double) (threads.getThreadAllocatedBytes(id) - bytes0) / calls,
          (gcMillis() - gc0) / 1e3 / wall);
    }
  }

  /** The calls made in about {@code limit} seconds. */
  private static long runFor(RowScorer scorer, List<double[]> rows, int batch, double limit) {
    long deadline = System.nanoTime() + (long) (limit * 1e9);
    long calls = 0;
    int from = 0;
    while (System.nanoTime() < deadline) {
      if (from + batch > rows.size()) {
        from = 0;
      }
      scorer.score(rows.subList(from, from + batch));
      calls++;
      from += batch;
    }
    return calls;
  }

  /** The cost of the smallest engine operation with its JNI hand-overs: an add, and the result read back. */
  private static double engineOpMicros() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 4));
      int n = 0;
      long deadline = System.nanoTime() + 1_000_000_000L;
      long start = System.nanoTime();
      while (System.nanoTime() < deadline || n < 1000) {
        try (NDArray b = a.add(a)) {
          b.toFloatArray();
        }
        n++;
      }
      return (System.nanoTime() - start) / 1e3 / n;
    }
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .filter(t -> t >= 0).sum();
  }
}
