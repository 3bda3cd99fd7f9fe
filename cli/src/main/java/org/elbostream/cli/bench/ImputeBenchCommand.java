package org.elbostream.cli.bench;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.elbostream.cli.demo.DemoData;
import org.elbostream.cli.demo.DemoModel;
import org.elbostream.cli.offline.SamplerOptions;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.model.imputation.ImputationOptions;
import org.elbostream.model.imputation.Imputer;
import org.elbostream.model.kind.LoadedModel;
import org.elbostream.model.kind.ModelKind;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.trainer.data.ColumnTypes;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TableReader;
import org.elbostream.trainer.fit.FitListener;
import org.elbostream.trainer.fit.ModelTrainer;
import org.elbostream.trainer.fit.TrainingSettings;
import org.elbostream.trainer.impute.ImputationTraining;
import org.elbostream.trainer.impute.ModelSelection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code elbostream bench-impute}: what imputing costs per record with each sampler, batched and one
 * record at a time, beside the posterior predictive the service reads off its scoring pass. A
 * benchmark that prints figures, not a timed test.
 */
@Command(name = "bench-impute", mixinStandardHelpOptions = true,
    header = "Imputation cost per record of each sampler, batched and single.",
    description = {"Imputation cost per record of each sampler, batched and single, on the bundled SMD machine,",
        "or on a table of your own (--data), by column type beside all-Gaussian (--types)."})
public final class ImputeBenchCommand implements Callable<Integer> {
  @Option(names = "--model", description = "Model bundle (default: the demo's, trained if missing).")
  Path model;

  @Option(names = "--missing", defaultValue = "0.1", description = "Share of fields blanked in each record (default: ${DEFAULT-VALUE}).")
  double missing;

  @Option(names = "--batch", defaultValue = "256", description = "Records per call when batched (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--records", defaultValue = "2048", description = "Records timed batched; a tenth of them one at a time (default: ${DEFAULT-VALUE}).")
  int records;

  @Mixin
  SamplerOptions samplers;

  @Option(names = "--data", paramLabel = "FILE", description = "A table (CSV with a header) to bench on instead:"
      + " a model of impute-eval's default shape is trained on it for --epochs (cost, not quality, is measured).")
  Path data;

  @Option(names = "--types", paramLabel = "FILE", description = "With --data, a HI-VAE data_types.csv: the model"
      + " reads each column by its type, and the same model reading every column as a Gaussian number is benched"
      + " beside it, so the types' own cost shows.")
  Path types;

  @Option(names = "--epochs", defaultValue = "3", description = "With --data, epochs of the models trained (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--json", description = "Write the figures as JSON to this file.")
  Path json;

  @Override
  public Integer call() throws Exception {
    if (!(missing > 0 && missing < 1) || batch < 1 || records < batch) {
      throw new IllegalArgumentException("need --missing in (0, 1), --batch >= 1 and --records >= --batch");
    }
    if (types != null && data == null) {
      throw new IllegalArgumentException("--types describes the columns of a --data table; give the table");
    }
    if (data != null && model != null) {
      throw new IllegalArgumentException("--data trains its own model; it cannot take --model");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("missing", missing);
    samplers.putInto(out);
    if (data == null) {
      if (model == null) {
        model = DemoModel.DIR;
        DemoModel.ensure(model, 40, 42, false);
      }
      ModelBundle bundle = BundleFormat.read(model);
      bench(out, "", bundle, TableReader.read(DemoData.TEST, bundle.featureSpec()));
    } else {
      Table plain = TableReader.read(data);
      Table typed = types == null ? plain : ColumnTypes.read(types).typed(plain, types);
      bench(out, "", train(typed), typed);
      if (types != null) {
        System.out.println("the same table, every column a Gaussian number:");
        bench(out, "gaussian.", train(plain), plain);
      }
    }
    if (json != null) {
      Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(out));
      System.out.println("wrote " + json);
    }
    return 0;
  }

  /** A model of impute-eval's default shape and training, trained briefly on {@code table}. */
  private ModelBundle train(Table table) throws Exception {
    TrainingSettings base = ImputationTraining.defaults().toBuilder().seed(42).epochs(epochs).build();
    TrainingSettings settings = ImputationTraining.shape(base).applyTo(base);
    // Null for a table whose column names are no Avro names (spam's "Cont 1"): nothing serves it here.
    return ModelTrainer.train(table, ModelSelection.servingSchema(table), settings, FitListener.NONE).bundle();
  }

  /** Every sampler's cost per record on rows of {@code table} with a share of the cells blanked. */
  private void bench(Map<String, Object> out, String prefix, ModelBundle bundle, Table table) throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    List<double[]> rows = new ArrayList<>(records);
    for (int i = 0; i < records; i++) {
      double[] row = table.rows().get(i % table.size()).clone();
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextDouble() < missing ? Double.NaN : row[j];
      }
      rows.add(row);
    }
    out.put(prefix + "features", bundle.featureSpec().featureCount());
    System.out.printf("%-42s %12s %12s%n", bundle.featureSpec().featureCount() + " features", "batch " + batch,
        "batch 1");
    try (NDManager manager = NDManager.newBaseManager()) {
      LoadedModel loaded = LoadedModel.of(bundle, manager);
      RowScorer scorer = loaded.scorer();
      report(out, prefix + "scoring_with_posterior_predictive", "scoring + posterior predictive (the service)",
          rate(rows, batch, (part, seeds) -> scorer.score(part)), rate(rows.subList(0, records / 10), 1,
              (part, seeds) -> scorer.score(part)));
      ImputationOptions options = samplers.options();
      for (Imputer.Kind kind : Imputer.Kind.values()) {
        Imputer imputer = loaded.imputer(kind, options).orElseThrow(() -> new IllegalArgumentException(
            "model " + bundle.version() + " is a " + ModelKind.of(bundle).id() + " model: the samplers need Gaussian latents"));
        String name = kind.name().toLowerCase(Locale.ROOT);
        report(out, prefix + name, name, rate(rows, batch, imputer::impute),
            rate(rows.subList(0, records / 10), 1, imputer::impute));
      }
    }
  }

  private static void report(Map<String, Object> out, String key, String label, double batched, double single) {
    out.put("records_per_s." + key + ".batched", batched);
    out.put("records_per_s." + key + ".single", single);
    System.out.printf(Locale.ROOT, "%-42s %,10.0f/s %,10.0f/s   (%.0f / %.0f us per record)%n", label, batched, single,
        1e6 / batched, 1e6 / single);
  }

  @FunctionalInterface
  private interface Call {
    Object apply(List<double[]> rows, long[] seeds);
  }

  /** Records/s through {@code call} in chunks of {@code size}, after an unmeasured pass over them all. */
  private static double rate(List<double[]> rows, int size, Call call) {
    long[] seeds = new long[size];
    for (int i = 0; i < size; i++) {
      seeds[i] = i;
    }
    for (int from = 0; from + size <= rows.size(); from += size) {
      call.apply(rows.subList(from, from + size), seeds);
    }
    long start = System.nanoTime();
    for (int from = 0; from + size <= rows.size(); from += size) {
      call.apply(rows.subList(from, from + size), seeds);
    }
    return (rows.size() / size * size) / ((System.nanoTime() - start) / 1e9);
  }
}
