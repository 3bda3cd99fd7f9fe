package org.elbostream.trainer.impute;

import ai.djl.ndarray.NDManager;
import com.amazon.randomcutforest.RandomCutForest;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
import java.util.function.LongUnaryOperator;
import java.util.stream.IntStream;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.imputation.FieldEstimate;
import org.elbostream.model.imputation.ImputationOptions;
import org.elbostream.model.imputation.Imputer;
import org.elbostream.model.kind.LoadedModel;
import org.elbostream.model.kind.ModelKind;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.trainer.data.ColumnTypes;
import org.elbostream.trainer.data.Series;
import org.elbostream.trainer.data.Table;

/**
 * Scores imputations the way the GAIN paper does: hide cells of a complete table, impute them, and
 * take the RMSE over the hidden cells after scaling every column to [0, 1] with the complete data's
 * range. The model's imputers are also scored on how often their 90 % interval holds the truth.
 */
public final class ImputationEvaluation {
  /** Rows per imputer call. */
  private static final int BATCH = 256;
  private static final int SAMPLES_PER_CALL = 1 << 15;
  private final Table complete;
  private final HiddenCells hidden;
  private final List<double[]> incomplete;
  private final double[] range;
  private final ColumnTypes types;
  private final Map<String, MixedError> mixed = new LinkedHashMap<>();
  private final Map<String, double[][]> filledBy = new LinkedHashMap<>();

  public ImputationEvaluation(Table complete, HiddenCells hidden) {
    this(complete, hidden, null);
  }

  /**
   * @param types each column's type, to judge each imputation by type as well ({@link #mixed});
   *     null for none
   */
  public ImputationEvaluation(Table complete, HiddenCells hidden, ColumnTypes types) {
    if (types != null && types.size() != complete.spec().featureCount()) {
      throw new IllegalArgumentException("the types file gives " + types.size() + " columns, the table has "
          + complete.spec().featureCount());
    }
    this.types = types;
    this.complete = complete;
    this.hidden = hidden;
    this.incomplete = hidden.apply(complete);
    // Each column scaled by the complete data's range, in raw units whatever the column's type (a
    // constant column keeps scale 1), as the GAIN paper's protocol does.
    int columns = complete.spec().featureCount();
    range = new double[columns];
    for (int j = 0; j < columns; j++) {
      int c = j;
      DoubleSummaryStatistics values = complete.rows().stream().mapToDouble(r -> r[c]).filter(v -> !Double.isNaN(v))
          .summaryStatistics();
      double width = values.getMax() - values.getMin();
      range[j] = width > 1e-12 ? width : 1.0;
    }
  }

  /** The table the model trains on and the imputers see: hidden cells missing. */
  public List<double[]> incomplete() {
    return incomplete;
  }

  /**
   * One method's result.
   *
   * @param rmse over the hidden cells, each column scaled by the complete data's range
   * @param coverage90 share of hidden cells inside the method's 90 % interval; NaN without intervals
   * @param acceptanceRate Metropolis acceptance; NaN for other methods
   */
  public record Result(String method, double rmse, double coverage90, double seconds, double acceptanceRate) {
    public String line() {
      return String.format(Locale.ROOT, "%-26s RMSE %.4f   90%% coverage %s   %6.1f s%s", method, rmse,
          Double.isNaN(coverage90) ? "  -   " : String.format(Locale.ROOT, "%.3f", coverage90), seconds,
          Double.isNaN(acceptanceRate) ? "" : String.format(Locale.ROOT, "   acceptance %.2f", acceptanceRate));
    }
  }

  /** Each method's error by column type so far, in the order they ran; empty without types. */
  public Map<String, MixedError> mixed() {
    return mixed;
  }

  /** Mean imputation; with column types, a discrete column's most frequent class instead (mean/mode). */
  public Result mean() {
    long start = System.nanoTime();
    double[][] filled = types == null ? Baselines.mean(incomplete) : Baselines.meanOrMode(incomplete, types);
    return new Result("mean", rmse("mean", filled), Double.NaN, (System.nanoTime() - start) / 1e9, Double.NaN);
  }

  /** Chained regressions, MICE. */
  public Result chainedRegressions(ChainedRegressions mice) {
    long start = System.nanoTime();
    double[][] filled = mice.impute(incomplete);
    return new Result("mice", rmse("mice", filled), Double.NaN, (System.nanoTime() - start) / 1e9, Double.NaN);
  }

  /** The random-forest imputer, MissForest. */
  public Result missForest(ForestImputer forest, DoubleConsumer progress) {
    long start = System.nanoTime();
    double[][] filled = forest.impute(incomplete, progress);
    return new Result("missforest", rmse("missforest", filled), Double.NaN, (System.nanoTime() - start) / 1e9, Double.NaN);
  }

  /** k-nearest-neighbours imputation. */
  public Result nearestNeighbours(int k) {
    long start = System.nanoTime();
    double[][] filled = Baselines.nearestNeighbours(incomplete, k);
    return new Result("knn", rmse("knn", filled), Double.NaN, (System.nanoTime() - start) / 1e9, Double.NaN);
  }

  /**
   * One of the model's imputers over every row with a hidden cell. Each row's seed comes from
   * {@code seed} and the row's index, so a rerun imputes the same values.
   *
   * @param progress told the share of rows done
   */
  public Result model(ModelBundle bundle, Imputer.Kind kind, ImputationOptions options, long seed,
      DoubleConsumer progress) throws BundleFormatException {
    return model(bundle, kind, options, row -> new SplittableRandom(seed * 0x9E3779B97F4A7C15L + row).nextLong(),
        progress);
  }

  /**
   * The same with each row's seed from {@code rowSeed} (the row's index to its seed): a stream's
   * seeds ({@link org.elbostream.model.noise.RecordNoise#seedOf}) give the stream's imputations.
   */
  public Result model(ModelBundle bundle, Imputer.Kind kind, ImputationOptions options, LongUnaryOperator rowSeed,
      DoubleConsumer progress) throws BundleFormatException {
    long start = System.nanoTime();
    List<Integer> todo = new ArrayList<>();
    for (int i = 0; i < incomplete.size(); i++) {
      for (double v : incomplete.get(i)) {
        if (Double.isNaN(v)) {
          todo.add(i);
          break;
        }
      }
    }
    double[][] filled = new double[incomplete.size()][];
    long inside = 0;
    long withInterval = 0;
    double accepted = 0;
    try (NDManager manager = NDManager.newBaseManager()) {
      Imputer imputer = LoadedModel.of(bundle, manager).imputer(kind, options).orElseThrow(() ->
          new IllegalArgumentException("model " + bundle.version() + " is a " + ModelKind.of(bundle).id()
              + " model, which has no Gaussian latents for the samplers to draw"));
      // A call holds rows x samples of every layer: kept near 2^15 rows of samples, so that a call
      // with 1,000 importance samples per row does not spill out of cache (90 s on letter, not 131).
      int size = Math.max(1, Math.min(BATCH, SAMPLES_PER_CALL / options.samplesPerRecord(kind)));
      for (int from = 0; from < todo.size(); from += size) {
        List<Integer> batch = todo.subList(from, Math.min(todo.size(), from + size));
        List<double[]> rows = new ArrayList<>(batch.size());
        long[] seeds = new long[batch.size()];
        for (int b = 0; b < batch.size(); b++) {
          rows.add(incomplete.get(batch.get(b)));
          seeds[b] = rowSeed.applyAsLong(batch.get(b));
        }
        Imputer.Imputations result = imputer.impute(rows, seeds);
        accepted += result.acceptanceRate() * batch.size();
        for (int b = 0; b < batch.size(); b++) {
          int i = batch.get(b);
          FieldEstimate[] e = result.rows().get(b);
          filled[i] = new double[e.length];
          for (int j = 0; j < e.length; j++) {
            filled[i][j] = e[j].value();
            if (hidden.hidden(i, j) && !Double.isNaN(e[j].lower90())) {
              double truth = complete.rows().get(i)[j];
              inside += e[j].lower90() <= truth && truth <= e[j].upper90() ? 1 : 0;
              withInterval++;
            }
          }
        }
        progress.accept((double) Math.min(todo.size(), from + size) / todo.size());
      }
    }
    for (int i = 0; i < filled.length; i++) {
      if (filled[i] == null) {
        filled[i] = incomplete.get(i);
      }
    }
    return new Result(name(kind), rmse(name(kind), filled), withInterval == 0 ? Double.NaN : (double) inside / withInterval,
        (System.nanoTime() - start) / 1e9, accepted / Math.max(1, todo.size()));
  }

  /**
   * What a stream gets from a model: each row's posterior predictive read off its scoring samples,
   * the row read with its past from the incomplete table's own series (the past as observed, hidden
   * cells missing), as the service reads a key's records.
   */
  public Streamed streamed(String method, ModelBundle bundle, DoubleConsumer progress) throws BundleFormatException {
    long start = System.nanoTime();
    double[][] filled = new double[incomplete.size()][];
    double threshold = bundle.thresholds().threshold();
    long holed = 0;
    long holedAbove = 0;
    long whole = 0;
    long wholeAbove = 0;
    try (NDManager manager = NDManager.newBaseManager()) {
      RowScorer scorer = LoadedModel.of(bundle, manager).scorer();
      int window = scorer.window();
      Series series = Series.of(complete.withRows(incomplete), bundle.manifest().architecture().past());
      for (int from = 0; from < incomplete.size(); from += BATCH) {
        int to = Math.min(incomplete.size(), from + BATCH);
        List<double[]> rows = incomplete.subList(from, to);
        List<RecordScore> scores = window == 0 ? scorer.score(rows)
            : scorer.score(rows, series.pasts(IntStream.range(from, to).toArray(), window));
        for (int i = from; i < to; i++) {
          boolean above = scores.get(i - from).score() > threshold;
          if (hidden.any(i)) {
            holed++;
            holedAbove += above ? 1 : 0;
          } else {
            whole++;
            wholeAbove += above ? 1 : 0;
          }
          FieldEstimate[] e = scores.get(i - from).expected();
          filled[i] = new double[e.length];
          for (int j = 0; j < e.length; j++) {
            filled[i][j] = e[j].value();
          }
        }
        progress.accept((double) to / incomplete.size());
      }
    }
    return new Streamed(new Result(method, rmse(method, filled), Double.NaN, (System.nanoTime() - start) / 1e9, Double.NaN),
        holed == 0 ? Double.NaN : (double) holedAbove / holed, whole == 0 ? Double.NaN : (double) wholeAbove / whole);
  }

  /**
   * A model's imputation in the stream, and what the holes do to its alarms.
   *
   * @param aboveWithHoles share of the rows with a hidden cell that score above the bundle's threshold
   * @param aboveComplete the same share of the rows with none
   */
  public record Streamed(Result result, double aboveWithHoles, double aboveComplete) {}

  /**
   * Last observation carried forward along each key's rows; before a field's first observation, its
   * mean over the observed cells.
   */
  public Result lastObservation() {
    long start = System.nanoTime();
    double[][] filled = Baselines.lastObservation(incomplete, complete.keys(), Baselines.columnMeans(incomplete));
    return new Result("last observation", rmse("last observation", filled), Double.NaN, (System.nanoTime() - start) / 1e9, Double.NaN);
  }

  /**
   * Random Cut Forest's own imputation ({@code imputeMissingValues}: the forest's conditional
   * estimate of the missing coordinates), with the library's defaults, on a stream: fitted on the
   * training rows, then on each row in turn it imputes the row's hidden cells and learns from the
   * completed row, as the Random Cut Forest detector scores.
   */
  public Result randomCutForest(List<double[]> train, long seed) {
    long start = System.nanoTime();
    int d = train.get(0).length;
    RandomCutForest forest = RandomCutForest.builder().dimensions(d).randomSeed(seed).build();
    for (double[] row : train) {
      forest.update(toFloats(row));
    }
    double[][] filled = new double[incomplete.size()][];
    for (int i = 0; i < incomplete.size(); i++) {
      double[] row = incomplete.get(i);
      int[] missing = IntStream.range(0, d).filter(j -> Double.isNaN(row[j])).toArray();
      float[] point = toFloats(row);
      if (missing.length > 0) {
        point = forest.imputeMissingValues(point, missing.length, missing);
      }
      filled[i] = new double[d];
      for (int j = 0; j < d; j++) {
        filled[i][j] = point[j];
      }
      forest.update(point);
    }
    return new Result("rcf", rmse("rcf", filled), Double.NaN, (System.nanoTime() - start) / 1e9, Double.NaN);
  }

  private static float[] toFloats(double[] row) {
    float[] p = new float[row.length];
    for (int j = 0; j < row.length; j++) {
      p[j] = Double.isNaN(row[j]) ? 0f : (float) row[j];
    }
    return p;
  }

  /** The JSON key of an imputer: its kind in lower case. */
  public static String name(Imputer.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** The RMSE of {@code method}'s imputation; with column types, its {@link MixedError} is kept too. */
  /** The table as {@code method} filled it, observed cells as they are; null if it has not run. */
  public double[][] filled(String method) {
    return filledBy.get(method);
  }

  private double rmse(String method, double[][] filled) {
    filledBy.put(method, filled);
    if (types != null) {
      mixed.put(method, MixedError.of(complete.rows(), filled, hidden, types));
    }
    double sum = 0;
    long n = 0;
    for (int i = 0; i < filled.length; i++) {
      for (int j = 0; j < range.length; j++) {
        if (hidden.hidden(i, j)) {
          double e = (filled[i][j] - complete.rows().get(i)[j]) / range[j];
          sum += e * e;
          n++;
        }
      }
    }
    return Math.sqrt(sum / n);
  }
}
