package org.elbostream.trainer.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.elbostream.model.bundle.Manifest;
import org.elbostream.model.bundle.Provenance;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.threshold.Thresholds;
import org.elbostream.trainer.fit.EpochStats;
import org.elbostream.trainer.fit.ModelTrainer.TrainedModel;

/**
 * The training report: one self-contained HTML file with the learning curve, the score histogram of
 * held-out normal data with the calibrated thresholds, and the latent space in two dimensions
 * coloured by score, plus the provenance a reviewer asks for first.
 */
public final class TrainingReport {
  private TrainingReport() {}

  public static Path write(TrainedModel model, Path file) throws IOException {
    Files.writeString(file, html(model));
    return file;
  }

  static String html(TrainedModel model) {
    Manifest m = model.bundle().manifest();
    Provenance p = m.provenance();
    Thresholds t = m.thresholds();
    List<EpochStats> history = model.history();
    double[] epochs = history.stream().mapToDouble(EpochStats::epoch).toArray();
    String curve = new Chart("ELBO per epoch (nats per record, higher is better)", "epoch", "ELBO")
        .line("training (with injected missingness)", epochs, history.stream().mapToDouble(EpochStats::trainElbo).toArray())
        .line("validation", epochs, history.stream().mapToDouble(EpochStats::validationElbo).toArray())
        .dataUri();
    String histogram = new Chart("Scores of held-out normal records", "score (negative ELBO, nats)", "records")
        .histogram("held-out normal records", model.validationScores(), 60)
        .marker(String.format("quantile threshold %.2f", t.quantile()), t.quantile())
        .marker(String.format("POT threshold %.2f", t.pot()), t.pot())
        .dataUri();
    double[][] xy = Projection.toTwoDimensions(model.validationLatent());
    String latent = new Chart("Latent means of held-out records (first two principal components)", "PC 1", "PC 2")
        .scatter(xy[0], xy[1], model.validationScores(), "score")
        .dataUri();

    StringBuilder fields = new StringBuilder();
    for (FieldSpec f : m.fields()) {
      fields.append(String.format("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n",
          Html.escape(f.name()), f.role(), f.likelihood() == null ? "" : f.likelihood(), f.nullable() ? "yes" : "no",
          f.isFeature() ? String.format("offset %.4g, scale %.4g%s", f.offset(), f.scale(),
              f.categories().isEmpty() ? "" : ", " + Html.escape(f.categories().toString())) : ""));
    }
    return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>elbostream training report %1$s</title>
        <style>body{font-family:sans-serif;max-width:820px;margin:2em auto;color:#222}
        table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
        img{border:1px solid #ddd;margin:8px 0}</style></head><body>
        <h1>Model %1$s</h1>
        <table>
        <tr><th>training data</th><td>%2$s (%3$d rows for fitting, %4$d held out; SHA-256 %5$s)</td></tr>
        <tr><th>seed</th><td>%6$d</td></tr>
        <tr><th>epochs</th><td>%7$d run, best %8$d, validation ELBO %9$.3f nats/record</td></tr>
        <tr><th>training time</th><td>%10$.1f s</td></tr>
        <tr><th>architecture</th><td>%11$s</td></tr>
        <tr><th>thresholds</th><td>quantile at false-alarm rate %12$.3g: %13$.3f; peaks-over-threshold at risk
          %14$.3g: %15$.3f (GPD shape %16$.3f, scale %17$.3f over %18$.3f); flagging with <b>%19$s</b></td></tr>
        <tr><th>versions</th><td>%20$s</td></tr>
        <tr><th>created</th><td>%21$s</td></tr>
        </table>
        <h2>Learning curve</h2><img alt="ELBO per epoch" src="%22$s">
        <h2>Scores of held-out normal data</h2>
        <p>The thresholds are calibrated on these scores. A record scoring above the flagging threshold is an anomaly.</p>
        <img alt="score histogram" src="%23$s">
        <h2>Latent space</h2>
        <p>Mean of q(z|x) for each held-out record, projected to two dimensions; colour is the score.</p>
        <img alt="latent space" src="%24$s">
        <h2>Features</h2>
        <table><tr><th>field</th><th>role</th><th>likelihood</th><th>may be missing</th><th>normalisation</th></tr>
        %25$s</table>
        </body></html>
        """.formatted(m.modelVersion(), Html.escape(p.trainingSource()), p.trainRows(), p.validationRows(),
        p.trainingDataHash(), p.seed(), p.epochs(), p.bestEpoch(), p.validationElbo(), p.trainSeconds(),
        Html.escape(m.architecture().describe()), t.falseAlarmRate(), t.quantile(), t.risk(), t.pot(), t.tail().shape(),
        t.tail().scale(), t.potInitial(), t.method(), Html.escape(p.versions().toString()), m.createdAt(), curve, histogram,
        latent, fields);
  }
}
