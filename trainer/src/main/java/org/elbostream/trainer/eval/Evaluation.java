package org.elbostream.trainer.eval;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.kind.LoadedModel;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.model.scoring.Screening;
import org.elbostream.model.threshold.ScoreThreshold;
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
   * service would from its start. Every row gets the model's full sample count.
   */
  public static FieldTerms scored(ModelBundle bundle, Table table, IntConsumer progress) throws BundleFormatException {
    return scored(bundle, table, Screening.OFF, null, progress);
  }

  /**
   * The same, screened as the service screens: the rows of each batch meet the level
   * {@code threshold} could learn from as the batch starts ({@link ScoreThreshold#screenLevel}), and
   * it then takes the batch's scores in turn, as the service's threshold is moved by the scores it
   * judges. Null {@code threshold}: no row has one to meet, so each gets the full count.
   */
  public static FieldTerms scored(ModelBundle bundle, Table table, Screening screening, ScoreThreshold threshold,
      IntConsumer progress) throws BundleFormatException {
    List<double[]> rows = table.rows();
    double[] scores = new double[rows.size()];
    double[] kl = new double[rows.size()];
    double[][] fields = new double[rows.size()][];
    int[] samples = new int[rows.size()];
    try (NDManager manager = NDManager.newBaseManager()) {
      RowScorer scorer = LoadedModel.of(bundle, manager).scorer();
      int window = scorer.window();
      Series series = window == 0 ? null : Series.of(table, bundle.manifest().architecture().past());
      for (int from = 0; from < rows.size(); from += BATCH) {
        int to = Math.min(rows.size(), from + BATCH);
        double[] thresholds = new double[to - from];
        Arrays.fill(thresholds, threshold == null ? Double.NaN : threshold.screenLevel());
        List<RecordScore> batch = scorer.score(rows.subList(from, to),
            series == null ? null : series.pasts(IntStream.range(from, to).toArray(), window), thresholds, screening);
        for (int i = 0; i < batch.size(); i++) {
          RecordScore s = batch.get(i);
          scores[from + i] = s.score();
          kl[from + i] = s.kl();
          fields[from + i] = s.fieldNll();
          samples[from + i] = s.samples();
          if (threshold != null) {
            threshold.offer(s.score());
          }
        }
        progress.accept(to);
      }
    }
    return new FieldTerms(bundle.featureSpec().featureNames(), scores, kl, fields, samples);
  }

  public static void writeJson(Path file, Object value) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.writeString(file, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
        .toJson(value));
  }
}
