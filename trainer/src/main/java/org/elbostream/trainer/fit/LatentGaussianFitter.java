package org.elbostream.trainer.fit;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.kind.LatentGaussianKind;
import org.elbostream.model.net.VaeNetworks;

/** Gaussian latents: SGVB, then, if the settings ask for them, SGHMC samples of the generative weights. */
final class LatentGaussianFitter implements KindFitter {
  @Override
  public FittedModel fit(TrainingSettings settings, FeatureLayout layout, TrainingRows rows, FitListener listener,
      NDManager manager) {
    SgvbTrainer.Fit fit = new SgvbTrainer(settings, listener).fit(layout, rows, manager);
    List<double[]> train = rows.train();
    List<byte[]> weightSamples = !settings.samplesWeights() ? List.of()
        : WeightPosterior.sample(fit.networks(), train, settings, settings.weightSampling(train.size()), listener,
            manager);
    List<VaeNetworks> sampled = new ArrayList<>();
    for (byte[] parameters : weightSamples) {
      try {
        sampled.add(fit.networks().withGenerativeParameters(parameters, manager));
      } catch (IOException e) {
        throw new UncheckedIOException("reloading a weight sample just drawn", e);
      }
    }
    LatentGaussianKind kind = LatentGaussianKind.INSTANCE;
    return new FittedModel(LatentGaussianKind.model(fit.networks(), sampled, settings.scoring(), manager),
        fit.history(), fit.bestEpoch(), fit.validationElbo(), kind.parameters(fit.networks(), weightSamples),
        weightSamples.size());
  }
}
