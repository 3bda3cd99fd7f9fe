package org.elbostream.trainer.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.elbostream.trainer.eval.Comparison;
import org.elbostream.trainer.eval.FieldTerms;
import org.elbostream.trainer.eval.IncidentMeasures;
import org.elbostream.trainer.eval.measure.RankingMeasures;

/**
 * The evaluation report: the results table, the model's scores over the test rows with the
 * labelled anomalies shaded, the incidents it would have paged along the top and its thresholds
 * drawn, the fields that drive its score, every detector's precision-recall curve, and
 * each baseline's scores, in one HTML file.
 */
public final class EvaluationReport {
  private EvaluationReport() {}

  public static Path write(Path file, String title, Comparison result, boolean[] labels) throws IOException {
    List<String> images = new ArrayList<>();
    Comparison.Detected model = result.model();
    double floor = min(model.scores());
    Chart scoreChart = new Chart("Model score per test row: labelled anomalies shaded, incidents along the top",
        "row", "log10(1 + score - min)")
        .bands("labelled anomaly", labels)
        .strip(incidentLabel(model), spans(model))
        .line("score", index(model.scores().length), logShift(model.scores(), floor));
    if (model.thresholds() != null) {
      scoreChart.line("threshold the service would use", index(model.thresholds().length),
          logShift(model.thresholds(), floor));
    }
    images.add(scoreChart.level("calibrated threshold", StrictMath.log10(1 + model.threshold() - floor)).dataUri());
    List<FieldTerms.Share> shares = result.fields().shares(labels);
    Chart fieldChart = new Chart("The heaviest fields' terms per test row (labelled anomalies shaded)", "row",
        "log10(1 + nats)").bands("labelled anomaly", labels);
    for (FieldTerms.Share share : shares.subList(0, Math.min(4, shares.size()))) {
      double[] terms = result.fields().field(result.fields().names().indexOf(share.field()));
      fieldChart.line(share.field(), index(terms.length), logShift(terms, Math.min(0, min(terms))));
    }
    images.add(fieldChart.dataUri());
    Chart pr = new Chart("Precision-recall, every detector", "recall", "precision");
    for (Comparison.Detected d : result.detectors()) {
      double[][] curve = RankingMeasures.precisionRecallCurve(d.scores(), labels, 500);
      pr.line(String.format("%s (VUS-PR %.3f, AUC-PR %.3f)", d.name(), d.metrics().vusPr(), d.metrics().aucPr()),
          curve[0], curve[1]);
    }
    images.add(pr.dataUri());
    for (Comparison.Detected d : result.baselines()) {
      images.add(new Chart(d.name() + " score per test row", "row", d.name() + " score")
          .bands("labelled anomaly", labels)
          .strip(incidentLabel(d), spans(d))
          .line(d.name() + " score", index(d.scores().length), d.scores())
          .level("own threshold", d.threshold())
          .dataUri());
    }

    StringBuilder html = new StringBuilder("""
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>elbostream evaluation</title>
        <style>body{font-family:sans-serif;max-width:820px;margin:2em auto;color:#222}
        pre{background:#f6f6f6;padding:8px}img{border:1px solid #ddd;margin:8px 0}
        table{border-collapse:collapse}td,th{padding:2px 10px;text-align:right}</style></head><body>
        """);
    html.append("<h1>").append(Html.escape(title)).append("</h1>\n<p>").append(result.rows()).append(" rows, ")
        .append(result.anomalies()).append(" labelled anomalous, VUS buffer length ").append(result.bufferLength())
        .append(". TSB-AD's measures, VUS-PR first; '*' marks the best of each row. The oracle F-scores pick"
            + " their threshold with the labels; the last rows are what each detector's own label-free"
            + " threshold gives. Point-adjusted F1 is for comparison with older papers only.</p>\n<pre>");
    result.table().forEach(line -> html.append(Html.escape(line)).append('\n'));
    html.append("</pre>\n<h2>Which fields drive the score</h2>\n<p>Each field's term -E_q[log p(x_j|z)], nats;"
        + " with the KL term they add up to the score. A field heavy on the normal rows has drifted from what"
        + " the model learned; one heavy on the labelled rows alone is what broke.</p>\n<table>"
        + "<tr><th>field</th><th>mean on normal rows</th><th>mean on labelled rows</th></tr>\n");
    for (FieldTerms.Share share : shares.subList(0, Math.min(10, shares.size()))) {
      html.append(String.format("<tr><td>%s</td><td>%.2f</td><td>%.2f</td></tr>%n", Html.escape(share.field()),
          share.normal(), share.anomalous()));
    }
    html.append("</table>\n");
    for (String uri : images) {
      html.append("<img alt=\"chart\" src=\"").append(uri).append("\">\n");
    }
    html.append("</body></html>\n");
    Files.writeString(file, html);
    return file;
  }

  /** The detector's incidents as [first row, last row] spans. */
  private static List<int[]> spans(Comparison.Detected d) {
    return d.metrics().incidents().found().stream().map(i -> new int[] {(int) i.start(), (int) i.end()}).toList();
  }

  private static String incidentLabel(Comparison.Detected d) {
    IncidentMeasures m = d.metrics().incidents();
    return String.format("incidents: %d, %d false", m.incidents(), m.falseIncidents());
  }

  private static double[] index(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    return x;
  }

  private static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double x : v) {
      m = Math.min(m, x);
    }
    return m;
  }

  /** Scores span orders of magnitude (nats): a log scale keeps the normal band visible. */
  private static double[] logShift(double[] v, double floor) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = StrictMath.log10(1 + v[i] - floor);
    }
    return out;
  }
}
