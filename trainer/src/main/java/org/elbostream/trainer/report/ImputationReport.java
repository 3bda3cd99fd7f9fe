package org.elbostream.trainer.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.elbostream.trainer.impute.ImputationEvaluation;

/**
 * How training on incomplete data holds up as more is missing: the validation ELBO of the model
 * trained at each missing rate, and every method's imputation RMSE, as charts and a table.
 */
public final class ImputationReport {
  private ImputationReport() {}

  /**
   * @param rates the MCAR rates, one per run
   * @param validationElbo the model's validation ELBO (nats per row) at each rate
   * @param results every method's result at each rate
   */
  public static Path write(Path file, String title, List<Double> rates, List<Double> validationElbo,
      List<List<ImputationEvaluation.Result>> results) throws IOException {
    double[] x = rates.stream().mapToDouble(Double::doubleValue).toArray();
    String elbo = new Chart("Validation ELBO of the model trained at each missing rate", "share of cells missing",
        "nats per row").line("validation ELBO", x, validationElbo.stream().mapToDouble(Double::doubleValue).toArray())
        .dataUri();
    Map<String, double[]> rmse = new LinkedHashMap<>();
    for (int i = 0; i < results.size(); i++) {
      for (ImputationEvaluation.Result r : results.get(i)) {
        rmse.computeIfAbsent(r.method(), m -> new double[x.length])[i] = r.rmse();
      }
    }
    Chart errors = new Chart("Imputation RMSE over the hidden cells (columns scaled to [0, 1])",
        "share of cells missing", "RMSE");
    rmse.forEach((method, y) -> errors.line(method, x, y));

    StringBuilder html = new StringBuilder("""
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>elbostream imputation</title>
        <style>body{font-family:sans-serif;max-width:820px;margin:2em auto;color:#222}
        table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
        img{border:1px solid #ddd;margin:8px 0}</style></head><body>
        """);
    html.append("<h1>Imputation: ").append(Html.escape(title)).append("</h1>\n<p>Cells hidden at random at each"
        + " rate, a model trained on what is left, every method scored on the hidden cells.</p>\n<table><tr><th>missing</th>"
        + "<th>validation ELBO</th>");
    rmse.keySet().forEach(m -> html.append("<th>").append(Html.escape(m)).append("</th>"));
    html.append("</tr>\n");
    for (int i = 0; i < x.length; i++) {
      html.append(String.format(Locale.ROOT, "<tr><td>%.2f</td><td>%.3f</td>", x[i], validationElbo.get(i)));
      for (double[] y : rmse.values()) {
        html.append(String.format(Locale.ROOT, "<td>%.4f</td>", y[i]));
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n<img alt=\"validation ELBO\" src=\"").append(elbo).append("\">\n<img alt=\"RMSE\" src=\"")
        .append(errors.dataUri()).append("\">\n</body></html>\n");
    Files.writeString(file, html);
    return file;
  }
}
