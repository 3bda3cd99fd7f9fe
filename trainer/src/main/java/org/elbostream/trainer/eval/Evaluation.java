package org.elbostream.trainer.eval;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.kind.LoadedModel;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.trainer.data.Series;
import org.elbostream.trainer.data.Table;

/** Scores rows with a bundle, and writes results as JSON. */
public final class Evaluation {
  /** Rows per scoring call: large batches make the model's cost small next to reading the file. */
  public static final int BATCH = 1024;

  private Evaluation() {}

  /** Scores of every row of the table, in order (see {@link #scored}). */
  public static double[] score(ModelBundle bundle, Table table, IntConsumer progress) throws BundleFormatException {
    return scored(bundle, table, progress).scores();
  }

  /**
   * Every row of the table scored, with each field's share of its score; a model that reads each
   * record with its past reads it from the table's own series (its keys, and its times' gaps), as the
   * service would from its start.
   */
  public static FieldTerms scored(ModelBundle bundle, Table table, IntConsumer progress) throws BundleFormatException {
    List<double[]> rows = table.rows();
    double[] scores = new double[rows.size()];
    double[] kl = new double[rows.size()];
    double[][] fields = new double[rows.size()][];
    try (NDManager manager = NDManager.newBaseManager()) {
      RowScorer scorer = LoadedModel.of(bundle, manager).scorer();
      int window = scorer.window();
      Series series = window == 0 ? null : Series.of(table, bundle.manifest().architecture().past());
      for (int from = 0; from < rows.size(); from += BATCH) {
        int to = Math.min(rows.size(), from + BATCH);
        List<RecordScore> batch = series == null ? scorer.score(rows.subList(from, to))
            : scorer.score(rows.subList(from, to), series.pasts(IntStream.range(from, to).toArray(), window));
        for (int i = 0; i < batch.size(); i++) {
          scores[from + i] = batch.get(i).score();
          kl[from + i] = batch.get(i).kl();
          fields[from + i] = batch.get(i).fieldNll();
        }
        progress.accept(to);
      }
    }
    return new FieldTerms(bundle.featureSpec().featureNames(), scores, kl, fields);
  }

  public static void writeJson(Path file, Object value) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.writeString(file, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
        .toJson(value));
  }
}
