package org.elbostream.cli.offline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.elbostream.cli.console.ProgressBar;
import org.elbostream.cli.console.TrainingProgress;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.trainer.data.TrainingData;
import org.elbostream.trainer.fit.ModelTrainer;
import org.elbostream.trainer.fit.TrainingSettings;
import org.elbostream.trainer.report.TrainingReport;

/**
 * Trains a model into a folder with a progress bar and prints what came out: what {@code train}
 * does, shared with the commands that need a model of their own (the demo, the soak run).
 */
public final class Training {
  private Training() {}

  /** Trains on {@code data}, writes the bundle and report.html to {@code out}, prints a summary. */
  public static ModelTrainer.TrainedModel toDirectory(TrainingData data, TrainingSettings config, Path out)
      throws IOException {
    ProgressBar bar = ProgressBar.onStderr();
    ModelTrainer.TrainedModel model = ModelTrainer.train(data.table(), data.inputSchema(), config,
        TrainingProgress.on(bar, config.epochs(), true));
    bar.finish();
    BundleFormat.write(model.bundle(), out);
    Path report = TrainingReport.write(model, out.resolve("report.html"));
    var thresholds = model.bundle().thresholds();
    var provenance = model.bundle().manifest().provenance();
    System.out.printf("model %s written to %s%n", model.bundle().version(), out);
    System.out.printf("  best epoch %d of %d, validation ELBO %.3f nats/record%n", provenance.bestEpoch(),
        model.history().size(), provenance.validationElbo());
    if (config.samplesWeights()) {
      System.out.printf("  %d generative weight samples by SGHMC: validation score std %.3f nats on average%n",
          config.get(TrainingSettings.WEIGHT_SAMPLES),
          Arrays.stream(model.validationScoreStd()).average().orElse(Double.NaN));
    }
    System.out.printf("  thresholds: quantile(FAR %.3g) %.3f, POT(risk %.3g) %.3f -> using %s%n",
        thresholds.falseAlarmRate(), thresholds.quantile(), thresholds.risk(), thresholds.pot(), thresholds.method());
    System.out.printf("  report %s%n", report);
    return model;
  }
}
