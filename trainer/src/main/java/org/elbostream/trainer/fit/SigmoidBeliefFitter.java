package org.elbostream.trainer.fit;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.kind.SigmoidBeliefKind;

/**
 * Binary latents: NVIL; the last epoch is kept, as its trainer runs no early stopping. (Settings
 * that ask for weight samples of such a network are refused when they are built.)
 */
final class SigmoidBeliefFitter implements KindFitter {
  @Override
  public FittedModel fit(TrainingSettings settings, FeatureLayout layout, TrainingRows rows, FitListener listener,
      NDManager manager) {
    NvilTrainer.Fit fit = new NvilTrainer(NvilTrainer.BASELINE_HIDDEN, settings, listener)
        .fit(layout, rows.train(), rows.validation(), manager);
    List<EpochStats> history = fit.history();
    return new FittedModel(SigmoidBeliefKind.model(fit.network(), settings.scoring(), manager), history,
        history.size(), history.get(history.size() - 1).validationElbo(),
        SigmoidBeliefKind.INSTANCE.parameters(fit.network()), 0);
  }
}
