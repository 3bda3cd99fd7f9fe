package org.elbostream.model.kind;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Optional;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.imputation.ImputationOptions;
import org.elbostream.model.imputation.Imputer;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.model.scoring.ScoringOptions;

/**
 * A model's networks in native memory, and what every kind can do with them: score records,
 * estimate their likelihood, and (where the kind allows) impute their missing fields with a sampler.
 * Lives as long as the manager it was loaded into; not thread-safe, like a DJL Predictor.
 */
public interface LoadedModel {
  /** The bundle's networks, loaded into {@code manager} by its own kind. */
  static LoadedModel of(ModelBundle bundle, NDManager manager) throws BundleFormatException {
    return ModelKind.of(bundle).load(bundle, manager);
  }

  /** A scorer that scores the way the model's thresholds were calibrated. */
  RowScorer scorer();

  /** A scorer with other options (e.g. one sample, for the posterior means of a picture). */
  RowScorer scorer(ScoringOptions options);

  /**
   * log p(x_obs) of each row, estimated with {@code samples} importance samples (Burda et al.'s
   * bound), in the model's normalised units.
   */
  double[] logMarginal(List<double[]> rows, int samples, long seed);

  /**
   * A sampler of the missing fields that shares these networks, so a caller that scores and imputes
   * holds one copy of the parameters; empty when the kind has no Gaussian latents to sample.
   */
  Optional<Imputer> imputer(Imputer.Kind kind, ImputationOptions options);
}
