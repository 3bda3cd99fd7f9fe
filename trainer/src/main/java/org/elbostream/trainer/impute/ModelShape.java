package org.elbostream.trainer.impute;

import java.util.Arrays;
import java.util.List;
import org.elbostream.model.feature.Likelihood;
import org.elbostream.model.net.Architecture;
import org.elbostream.trainer.fit.TrainingSettings;

/**
 * A model to train for imputation: hidden widths, latent dimension and the number of importance
 * samples of the training bound, written {@code 256,256:16:20}.
 */
public record ModelShape(List<Integer> hidden, int latent, int trainingSamples) {

  public ModelShape {
    hidden = List.copyOf(hidden);
  }

  /**
   * {@code config} with this shape's networks and training bound. A table's rows are not a series
   * and its figures (docs/evaluation.md) were measured with Gaussian numbers whose variance follows
   * z, so the networks read each row alone and keep those likelihoods, whatever detection's defaults.
   */
  public TrainingSettings applyTo(TrainingSettings config) {
    return config.toBuilder().architecture(new Architecture(latent, hidden, config.architecture().minLogVariance()))
        .set(TrainingSettings.LIKELIHOOD, Likelihood.GAUSSIAN).trainingSamples(trainingSamples).build();
  }

  @Override
  public String toString() {
    return String.join(",", hidden.stream().map(String::valueOf).toList()) + ":" + latent + ":" + trainingSamples;
  }

  /**
   * Parses {@code WIDTHS:LATENT:K}, e.g. {@code 128,64:8:1}.
   *
   * @throws IllegalArgumentException naming the text and the form expected
   */
  public static ModelShape parse(String value) {
    String[] parts = value.split(":", -1);
    try {
      if (parts.length != 3) {
        throw new NumberFormatException();
      }
      List<Integer> hidden = Arrays.stream(parts[0].split(",")).map(String::trim).map(Integer::valueOf).toList();
      int latent = Integer.parseInt(parts[1].trim());
      int samples = Integer.parseInt(parts[2].trim());
      if (latent < 1 || samples < 1 || hidden.stream().anyMatch(w -> w < 1)) {
        throw new NumberFormatException();
      }
      return new ModelShape(hidden, latent, samples);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is not WIDTHS:LATENT:K with positive whole numbers,"
          + " e.g. 256,256:16:20 (hidden widths, latent dimension, importance samples of the training bound)");
    }
  }
}
