package org.elbostream.trainer.eval;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.kind.LoadedModel;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.scoring.RowScorer;

/** Scores a labelled test set with a bundle (and optionally a peer) and measures detection quality. */
public final class Evaluation {
  /** Rows per scoring call: large batches make the model's cost small next to reading the file. */
  public static final int BATCH = 1024;

  private Evaluation() {}

  /** Scores of every row, in order. */
  public static double[] score(ModelBundle bundle, List<double[]> rows, IntConsumer progress)
      throws BundleFormatException {
    double[] scores = new double[rows.size()];
    try (NDManager manager = NDManager.newBaseManager()) {
      RowScorer scorer = LoadedModel.of(bundle, manager).scorer();
      for (int from = 0; from < rows.size(); from += BATCH) {
        List<RecordScore> batch = scorer.score(rows.subList(from, Math.min(rows.size(), from + BATCH)));
        for (int i = 0; i < batch.size(); i++) {
          scores[from + i] = batch.get(i).score();
        }
        progress.accept(Math.min(rows.size(), from + BATCH));
      }
    }
    return scores;
  }

  /**
   * The JSON shape of one detector's result.
   *
   * @param seconds wall time of training (peers only) and scoring
   */
  public static Map<String, Object> json(DetectionMetrics m, int rows, double seconds) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("auc_pr", m.aucPr());
    out.put("auc_roc", m.aucRoc());
    out.put("best_f1", m.bestF1());
    out.put("best_f1_threshold", m.bestF1Threshold());
    out.put("f1_at_threshold", m.f1AtThreshold());
    out.put("pa_f1", m.paF1());
    out.put("rows", rows);
    out.put("seconds", seconds);
    return out;
  }

  public static void writeJson(Path file, Object value) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.writeString(file, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
        .toJson(value));
  }

  /** Human-readable lines of results, point-wise figures first. */
  public static List<String> table(Map<String, DetectionMetrics> results) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-10s %8s %8s %8s %10s %14s %8s", "detector", "AUC-PR", "AUC-ROC", "best-F1",
        "F1@thresh", "(PA-F1)", ""));
    results.forEach((name, m) -> lines.add(String.format("%-10s %8.4f %8.4f %8.4f %10s %14.4f", name, m.aucPr(),
        m.aucRoc(), m.bestF1(), Double.isNaN(m.f1AtThreshold()) ? "-" : String.format("%.4f", m.f1AtThreshold()),
        m.paF1())));
    return lines;
  }
}
