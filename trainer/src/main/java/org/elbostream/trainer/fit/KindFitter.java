package org.elbostream.trainer.fit;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.kind.LatentGaussianKind;
import org.elbostream.model.kind.ModelKind;
import org.elbostream.model.kind.SigmoidBeliefKind;
import org.elbostream.model.kind.TemporalGaussianKind;

/** Fits one kind of model: the trainer's side of a {@link ModelKind}, registered in {@link #FITTERS}. */
public interface KindFitter {
  /** The fitter of every kind. */
  Map<ModelKind, KindFitter> FITTERS = Map.of(
      LatentGaussianKind.INSTANCE, new LatentGaussianFitter(),
      TemporalGaussianKind.INSTANCE, new TemporalGaussianFitter(),
      SigmoidBeliefKind.INSTANCE, new SigmoidBeliefFitter());

  /**
   * Fits networks of {@code settings.architecture()} on the training rows, judged epoch by epoch on
   * the held-out ones.
   *
   * @param rows feature order, NaN = missing
   * @param manager holds the fitted networks; the result lives as long as it does
   */
  FittedModel fit(TrainingSettings settings, FeatureLayout layout, TrainingRows rows, FitListener listener,
      NDManager manager);

  /** The fitter of networks of this kind. */
  static KindFitter of(ModelKind kind) {
    KindFitter fitter = FITTERS.get(kind);
    if (fitter == null) {
      throw new IllegalStateException("no fitter is registered for " + kind.id() + " models");
    }
    return fitter;
  }
}
