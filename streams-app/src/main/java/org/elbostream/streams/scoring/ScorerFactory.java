package org.elbostream.streams.scoring;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.imputation.FieldEstimate;
import org.elbostream.model.imputation.ImputationOptions;
import org.elbostream.model.imputation.Imputer;
import org.elbostream.model.kind.LoadedModel;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.model.scoring.Screening;
import org.elbostream.streams.config.ServiceConfig;

/**
 * Makes a task's scorer for a model. The service uses {@link #networks}; the benchmark swaps in
 * another detector to compare topologies that differ only in the scorer.
 */
@FunctionalInterface
public interface ScorerFactory {
  RecordScorer open(ModelBundle model) throws BundleFormatException;

  /** The bundle's own networks, filling missing fields with the posterior predictive of the scoring pass. */
  static ScorerFactory networks() {
    return networks(null, null, Screening.OFF);
  }

  /**
   * The networks, screened as {@code elbostream.scoring.screen.*} says, and the imputer
   * {@code elbostream.imputer} names.
   */
  static ScorerFactory networks(ServiceConfig config) {
    String imputer = config.getString(ServiceConfig.IMPUTER);
    Screening screening = config.screening();
    return imputer.equals(ServiceConfig.POSTERIOR_PREDICTIVE) ? networks(null, null, screening)
        : networks(Imputer.Kind.valueOf(imputer.toUpperCase(Locale.ROOT).replace('-', '_')),
            new ImputationOptions(config.getInt(ServiceConfig.IMPUTER_BURN_IN), config.getInt(ServiceConfig.IMPUTER_DRAWS),
                config.getInt(ServiceConfig.IMPUTER_IMPORTANCE_SAMPLES)), screening);
  }

  /**
   * The bundle's own networks in a native-memory manager of their own. With an imputer kind, the
   * rows that miss a field are imputed by that sampler, seeded per record, and its estimates replace
   * the posterior predictive's for the missing fields; observed fields keep theirs. Rows given a
   * threshold are screened as {@code screening} says.
   */
  static ScorerFactory networks(Imputer.Kind kind, ImputationOptions options, Screening screening) {
    return model -> {
      NDManager manager = NDManager.newBaseManager();
      try {
        LoadedModel loaded = LoadedModel.of(model, manager);
        RowScorer scorer = loaded.scorer();
        // A kind without Gaussian latents to sample (a sigmoid belief network) imputes by its posterior predictive.
        Imputer imputer = kind == null ? null : loaded.imputer(kind, options).orElse(null);
        return new RecordScorer() {
          @Override
          public List<RecordScore> score(List<double[]> rows, long[] seeds) {
            return score(rows, null, seeds);
          }

          @Override
          public int window() {
            return scorer.window();
          }

          @Override
          public List<RecordScore> score(List<double[]> rows, List<List<double[]>> pasts, long[] seeds) {
            return imputed(rows, seeds, scorer.score(rows, pasts));
          }

          @Override
          public List<RecordScore> score(List<double[]> rows, List<List<double[]>> pasts, long[] seeds,
              double[] thresholds) {
            return imputed(rows, seeds, scorer.score(rows, pasts, thresholds, screening));
          }

          private List<RecordScore> imputed(List<double[]> rows, long[] seeds, List<RecordScore> scores) {
            return imputer == null ? scores : imputeMissing(imputer, rows, seeds, scores);
          }

          @Override
          public void close() {
            manager.close();
          }
        };
      } catch (BundleFormatException | RuntimeException e) {
        manager.close();
        throw e;
      }
    };
  }

  private static List<RecordScore> imputeMissing(Imputer imputer, List<double[]> rows, long[] seeds,
      List<RecordScore> scores) {
    List<Integer> incomplete = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      for (double v : rows.get(i)) {
        if (Double.isNaN(v)) {
          incomplete.add(i);
          break;
        }
      }
    }
    if (incomplete.isEmpty()) {
      return scores;
    }
    List<double[]> part = new ArrayList<>(incomplete.size());
    long[] partSeeds = new long[incomplete.size()];
    for (int k = 0; k < incomplete.size(); k++) {
      part.add(rows.get(incomplete.get(k)));
      partSeeds[k] = seeds[incomplete.get(k)];
    }
    List<FieldEstimate[]> imputed = imputer.impute(part, partSeeds).rows();
    List<RecordScore> out = new ArrayList<>(scores);
    for (int k = 0; k < incomplete.size(); k++) {
      int i = incomplete.get(k);
      RecordScore s = scores.get(i);
      FieldEstimate[] expected = s.expected().clone();
      double[] row = rows.get(i);
      for (int j = 0; j < row.length; j++) {
        if (Double.isNaN(row[j])) {
          expected[j] = imputed.get(k)[j];
        }
      }
      out.set(i, s.withExpected(expected));
    }
    return out;
  }
}
