package org.elbostream.trainer.impute;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.imputation.ImputationOptions;
import org.elbostream.model.imputation.Imputer;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.fit.ModelTrainer;
import org.elbostream.trainer.fit.TrainingSettings;

/**
 * Chooses the sampler that imputes as a user would have to, without the truth: each sampler fills
 * cells hidden afresh from the observed cells of the rows training held out, and the one with the
 * lowest RMSE there wins. The cells being scored elsewhere play no part, so the choice may be
 * trusted on a table whose holes have no truth at all; the service takes it as
 * {@code elbostream.imputer}.
 */
public final class SamplerChoice {
  /** Rows of the check at most: the held-out rows' last. */
  static final int MAX_ROWS = 1000;

  private SamplerChoice() {}

  /** The sampler chosen, every sampler's RMSE on the check's cells (in the order tried) and their number. */
  public record Choice(Imputer.Kind best, Map<Imputer.Kind, Double> rmse, int cells) {}

  /**
   * @param incomplete the table the model trained on, holes NaN
   * @param rate share of the held-out rows' observed cells hidden for the check
   */
  public static Choice choose(Table incomplete, ModelBundle bundle, List<Imputer.Kind> kinds, ImputationOptions options,
      double rate, long seed) throws BundleFormatException {
    List<double[]> heldOut = ModelTrainer.validationRows(incomplete.rows(), TrainingSettings.defaults());
    // A thousand rows tell the samplers apart; on a large table more would cost the chains minutes.
    heldOut = heldOut.subList(Math.max(0, heldOut.size() - MAX_ROWS), heldOut.size());
    Table check = new Table(incomplete.source(), incomplete.spec(), heldOut);
    // Another stream of draws than the evaluation's own mask, so that the check's cells are new ones.
    HiddenCells cells = HiddenCells.missingCompletelyAtRandom(heldOut.size(), incomplete.spec().featureCount(),
        rate, ~seed).observedIn(check);
    ImputationEvaluation evaluation = new ImputationEvaluation(check, cells);
    Map<Imputer.Kind, Double> rmse = new LinkedHashMap<>();
    Imputer.Kind best = null;
    for (Imputer.Kind kind : kinds) {
      double e = evaluation.model(bundle, kind, options, seed, done -> {}).rmse();
      rmse.put(kind, e);
      if (best == null || e < rmse.get(best)) {
        best = kind;
      }
    }
    return new Choice(best, rmse, cells.count());
  }
}
