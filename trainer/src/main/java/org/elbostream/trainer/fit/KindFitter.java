package org.elbostream.trainer.fit;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.kind.LatentGaussianKind;
import org.elbostream.model.kind.ModelKind;
import org.elbostream.model.kind.SigmoidBeliefKind;

/** Fits one kind of model: the trainer's side of a {@link ModelKind}, registered in {@link #FITTERS}. */
public interface KindFitter {
  /** The fitter of every kind. */
  Map<ModelKind, KindFitter> FITTERS = Map.of(
      LatentGaussianKind.INSTANCE, new LatentGaussianFitter(),
      SigmoidBeliefKind.INSTANCE, new SigmoidBeliefFitter());

  /**
   * Fits networks of {@code settings.architecture()} on {@code train}, judged epoch by epoch on
   * {@code validation}.
   *
   * @param train rows for gradient steps (feature order, NaN = missing)
   * @param manager holds the fitted networks; the result lives as long as it does
   */
  FittedModel fit(TrainingSettings settings, FeatureLayout layout, List<double[]> train, List<double[]> validation,
      FitListener listener, NDManager manager);

  /** The fitter of networks of this kind. */
  static KindFitter of(ModelKind kind) {
    KindFitter fitter = FITTERS.get(kind);
    if (fitter == null) {
      throw new IllegalStateException("no fitter is registered for " + kind.id() + " models");
    }
    return fitter;
  }
}
