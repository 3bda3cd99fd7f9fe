package org.elbostream.cli.offline;

import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.elbostream.cli.console.ProgressBar;
import org.elbostream.cli.console.TrainingProgress;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TableReader;
import org.elbostream.trainer.data.TrainingData;
import org.elbostream.trainer.fit.ModelTrainer;
import org.elbostream.trainer.fit.TrainingSettings;
import org.elbostream.trainer.impute.HiddenCells;
import org.elbostream.trainer.impute.ImputationEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code elbostream impute-series}: how well a stream's missing fields are filled. Trains the model
 * the options describe and the same model reading records alone on a normal series, hides cells of
 * a complete test series two ways — at random, and whole-field outages — and fills them as the
 * service would (each record with its past as observed), beside carrying the last observation
 * forward, Random Cut Forest's own imputation and the mean.
 */
@Command(name = "impute-series", mixinStandardHelpOptions = true, modelTransformer = TrainCommand.Settings.class,
    header = "Judge how a stream's missing fields are filled, beside the streaming baselines.",
    description = "Train on a normal series, hide cells of a complete test series at random and as whole-field"
        + " outages, and report each imputer's RMSE over the hidden cells (each field scaled by the test series'"
        + " range): the model as trained, the same model reading records alone, the last observation carried"
        + " forward, Random Cut Forest's imputation, and the mean.")
public final class ImputeSeriesCommand implements Callable<Integer> {

  @Option(names = "--train", required = true, description = "Normal series to train on: CSV, plain or gzip.")
  Path train;

  @Option(names = "--test", required = true, description = "Complete series whose cells are hidden and filled.")
  Path test;

  @Option(names = "--missing", defaultValue = "0.1", description = "Share of cells hidden at random (default: ${DEFAULT-VALUE}).")
  double missing;

  @Option(names = "--outage", defaultValue = "60", description = "Records of each whole-field outage; one in each"
      + " stretch of ten times as many records (default: ${DEFAULT-VALUE}).")
  int outage;

  @Option(names = "--json", description = "Also write the results as JSON here.")
  Path json;

  @Mixin
  ColumnRoles columns;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    TrainingData data = TrainingData.read(train, null, columns.roles());
    Table trainTable = data.table();
    Table testTable = TableReader.read(test, trainTable.spec());
    TrainingSettings settings = SettingOptions.apply(spec, TrainingSettings.DECLARED, TrainingSettings.builder())
        .build();
    int window = settings.get(TrainingSettings.WINDOW);
    Map<String, ModelBundle> models = new LinkedHashMap<>();
    models.put(window == 0 ? "model" : "model, window " + window, fit(trainTable, settings));
    if (window > 0) {
      models.put("model, records alone", fit(trainTable, settings.toBuilder().set(TrainingSettings.WINDOW, 0).build()));
    }
    long seed = settings.seed();
    int rows = testTable.size();
    int fields = testTable.spec().featureCount();
    Map<String, HiddenCells> hidings = new LinkedHashMap<>();
    hidings.put(String.format(Locale.ROOT, "%.0f %% of cells at random", 100 * missing),
        HiddenCells.missingCompletelyAtRandom(rows, fields, missing, seed));
    hidings.put(outage + "-record outages of one field", HiddenCells.outages(rows, fields, outage, seed));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("train", train.toString());
    out.put("test", test.toString());
    out.put("seed", seed);
    for (Map.Entry<String, HiddenCells> hiding : hidings.entrySet()) {
      ImputationEvaluation evaluation = new ImputationEvaluation(testTable, hiding.getValue());
      List<ImputationEvaluation.Streamed> streamed = new ArrayList<>();
      for (Map.Entry<String, ModelBundle> model : models.entrySet()) {
        ProgressBar bar = ProgressBar.onStderr();
        streamed.add(evaluation.streamed(model.getKey(), model.getValue(), done -> bar.update(model.getKey(), done, "")));
        bar.finish();
      }
      List<ImputationEvaluation.Result> results = new ArrayList<>(
          streamed.stream().map(ImputationEvaluation.Streamed::result).toList());
      results.add(evaluation.lastObservation());
      results.add(evaluation.randomCutForest(trainTable.rows(), seed));
      results.add(evaluation.mean());
      System.out.printf("%s of %s: %,d cells hidden; RMSE of each field's range%n", hiding.getKey(), test,
          hiding.getValue().count());
      Map<String, Double> rmse = new LinkedHashMap<>();
      for (ImputationEvaluation.Result r : results) {
        System.out.printf(Locale.ROOT, "  %-26s %.4f%n", r.method(), r.rmse());
        rmse.put(r.method(), r.rmse());
      }
      Map<String, Object> alarms = new LinkedHashMap<>();
      for (ImputationEvaluation.Streamed m : streamed) {
        System.out.printf(Locale.ROOT, "  %s: %.4f of the records with a hidden cell score above its threshold,"
            + " %.4f of the others%n", m.result().method(), m.aboveWithHoles(), m.aboveComplete());
        alarms.put(m.result().method(), Map.of("with_hidden_cells", m.aboveWithHoles(), "complete", m.aboveComplete()));
      }
      out.put(hiding.getKey(), Map.of("hidden_cells", hiding.getValue().count(), "rmse", rmse,
          "above_threshold", alarms));
    }
    if (json != null) {
      Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(out));
      System.out.println("wrote " + json);
    }
    return 0;
  }

  private static ModelBundle fit(Table table, TrainingSettings settings) {
    ProgressBar bar = ProgressBar.onStderr();
    ModelBundle bundle = ModelTrainer.train(table, null, settings, TrainingProgress.on(bar, settings.epochs(), false))
        .bundle();
    bar.finish();
    return bundle;
  }
}
