package org.elbostream.trainer.fit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.bundle.ProjectVersion;
import org.elbostream.model.bundle.Provenance;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.kind.ModelKind;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.model.threshold.Thresholds;
import org.elbostream.trainer.data.Series;
import org.elbostream.trainer.data.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a table of normal records into a model bundle: learn the normalisation, fit the model pair,
 * score the held-out rows, calibrate the thresholds on those scores, stamp provenance.
 */
public final class ModelTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(ModelTrainer.class);
  /** Validation rows below this make a threshold calibration meaningless. */
  static final int MIN_VALIDATION_ROWS = 50;

  private ModelTrainer() {}

  /** The rows {@link #train} holds out for early stopping and calibration: the table's last ones. */
  public static List<double[]> validationRows(List<double[]> rows, TrainingSettings config) {
    int n = (int) Math.round(rows.size() * config.validationFraction());
    return rows.subList(rows.size() - n, rows.size());
  }

  /**
   * @param inputSchema Avro schema JSON the table's features came from, or null for plain CSV
   */
  public static TrainedModel train(Table table, String inputSchema, TrainingSettings given, FitListener listener) {
    TrainingSettings config = given.gapFromData() ? given.withGap(tenSteps(Series.medianStep(table))) : given;
    Series series = Series.of(table, config.architecture().past());
    if (series.backwards() > 0 && config.architecture().past() != null) {
      LOG.warn("{}: {} rows are earlier than a row of their key before them; a record's past is the rows before it"
          + " in the file, so sort the file by time", table.source(), series.backwards());
    }
    TrainingRows rows = new TrainingRows(series, series.trailing(config.validationFraction()));
    List<double[]> train = rows.train();
    List<double[]> validation = rows.validation();
    if (validation.size() < MIN_VALIDATION_ROWS || train.size() < config.batchSize()) {
      throw new IllegalArgumentException(table.source() + ": " + table.size() + " rows is too few to train on"
          + " (need at least " + MIN_VALIDATION_ROWS + " held-out rows and one batch of " + config.batchSize() + ")");
    }
    Set<String> named = inputSchema == null ? Set.of() : FeatureSpec.namedNumbers(new Schema.Parser().parse(inputSchema));
    FeatureSpec spec = table.spec().withNumbersAs(config.likelihood(), named).withStatisticsOf(train);
    FeatureLayout layout = new FeatureLayout(spec);

    try (NDManager manager = NDManager.newBaseManager()) {
      FittedModel fitted = KindFitter.of(ModelKind.of(config.architecture()))
          .fit(config, layout, rows, listener, manager);
      RowScorer scorer = fitted.model().scorer();
      List<RecordScore> scores = scorer.score(validation, rows.validationPasts(scorer.window()));
      double[] validationScores = scores.stream().mapToDouble(RecordScore::score).toArray();
      Thresholds thresholds = config.calibrator().calibrate(validationScores);
      List<EpochStats> history = fitted.history();
      Provenance provenance = new Provenance(table.source().getFileName().toString(), table.contentHash(), train.size(),
          validation.size(), config.seed(), history.size(), fitted.bestEpoch(), fitted.validationElbo(),
          history.get(history.size() - 1).seconds(), given.describe(), versions());
      ModelBundle bundle = ModelBundle.builder().featureSpec(spec).inputSchema(inputSchema)
          .architecture(config.architecture()).thresholds(thresholds).scoring(config.scoring())
          .provenance(provenance).parameters(fitted.parameters(), fitted.weightSamples()).build();
      double[][] latent = scores.stream().map(RecordScore::latentMean).toArray(double[][]::new);
      double[] validationStd = scores.stream().mapToDouble(RecordScore::scoreStd).toArray();
      return new TrainedModel(bundle, history, validationScores, validationStd, latent);
    }
  }

  /** Ten median steps: the longest gap a windowed model's past spans by default; null for none. */
  private static Long tenSteps(Long medianStep) {
    return medianStep == null ? null : 10 * medianStep;
  }

  private static Map<String, String> versions() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("elbostream", ProjectVersion.get());
    v.put("djl", Engine.getDjlVersion());
    v.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
    v.put("java", System.getProperty("java.version"));
    return v;
  }

  /**
   * @param bundle the model, ready to write
   * @param history learning curve
   * @param validationScores scores of the held-out rows the thresholds were calibrated on
   * @param validationScoreStd each held-out score's standard deviation over the weight samples (NaN
   *     without them)
   * @param validationLatent mean of q(z|x) of each held-out row, for the latent-space plot
   */
  public record TrainedModel(ModelBundle bundle, List<EpochStats> history, double[] validationScores,
      double[] validationScoreStd, double[][] validationLatent) {}
}
