package org.elbostream.trainer.fit;

import ai.djl.ndarray.NDManager;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.kind.TemporalGaussianKind;

/**
 * Gaussian latents for records read with their past: SGVB over each training row and its past.
 * (Settings that ask for weight samples of such a model are refused when they are built.)
 */
final class TemporalGaussianFitter implements KindFitter {
  @Override
  public FittedModel fit(TrainingSettings settings, FeatureLayout layout, TrainingRows rows, FitListener listener,
      NDManager manager) {
    SgvbTrainer.Fit fit = new SgvbTrainer(settings, listener).fit(layout, rows, manager);
    TemporalGaussianKind kind = TemporalGaussianKind.INSTANCE;
    return new FittedModel(TemporalGaussianKind.model(fit.networks(), settings.scoring(), manager), fit.history(),
        fit.bestEpoch(), fit.validationElbo(), kind.parameters(fit.networks()), 0);
  }
}
