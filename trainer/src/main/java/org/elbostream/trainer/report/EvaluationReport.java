package org.elbostream.trainer.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.elbostream.trainer.eval.Comparison;
import org.elbostream.trainer.eval.DetectionMetrics;
import org.elbostream.trainer.eval.Evaluation;

/**
 * The evaluation report: scores over the test rows with the labelled anomalies shaded and the
 * threshold drawn, and precision-recall curves of the model and its peer, in one HTML file.
 */
public final class EvaluationReport {
  private EvaluationReport() {}

  public static Path write(Path file, String title, Comparison result, boolean[] labels, double threshold)
      throws IOException {
    List<String> images = new ArrayList<>();
    double floor = min(result.scores());
    images.add(new Chart("Model score per test row (labelled anomalies shaded)", "row",
        "log10(1 + score - min)")
        .bands("labelled anomaly", labels)
        .line("score", index(result.scores().length), logShift(result.scores(), floor))
        .level("calibrated threshold", StrictMath.log10(1 + threshold - floor))
        .dataUri());
    if (result.rcfScores() != null) {
      images.add(new Chart("Random Cut Forest score per test row", "row", "RCF score")
          .bands("labelled anomaly", labels)
          .line("RCF score", index(result.rcfScores().length), result.rcfScores())
          .dataUri());
    }
    Chart pr = new Chart("Precision-recall", "recall", "precision");
    double[][] curve = DetectionMetrics.precisionRecallCurve(result.scores(), labels, 500);
    pr.line(String.format("model (AUC-PR %.3f)", result.model().aucPr()), curve[0], curve[1]);
    if (result.rcfScores() != null) {
      double[][] peer = DetectionMetrics.precisionRecallCurve(result.rcfScores(), labels, 500);
      pr.line(String.format("RCF (AUC-PR %.3f)", result.rcf().aucPr()), peer[0], peer[1]);
    }
    images.add(pr.dataUri());

    StringBuilder html = new StringBuilder("""
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>elbostream evaluation</title>
        <style>body{font-family:sans-serif;max-width:820px;margin:2em auto;color:#222}
        pre{background:#f6f6f6;padding:8px}img{border:1px solid #ddd;margin:8px 0}</style></head><body>
        """);
    html.append("<h1>").append(Html.escape(title)).append("</h1>\n<p>").append(result.rows()).append(" rows, ")
        .append(result.anomalies()).append(" labelled anomalous. Point-wise figures first; point-adjusted F1"
            + " only beside them.</p>\n<pre>");
    Evaluation.table(result.shown()).forEach(line -> html.append(Html.escape(line)).append('\n'));
    html.append("</pre>\n");
    for (String uri : images) {
      html.append("<img alt=\"chart\" src=\"").append(uri).append("\">\n");
    }
    html.append("</body></html>\n");
    Files.writeString(file, html);
    return file;
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
