package org.elbostream.cli.offline;

import org.elbostream.trainer.fit.LearningRateDecay;
import picocli.CommandLine.Option;

/** The learning-rate schedule's options, shared by the commands that train. */
public final class LearningRateOptions {
  @Option(names = "--lr-decay", defaultValue = "1", description = "Multiply Adam's learning rate by this whenever the"
      + " validation ELBO has not improved for --lr-wait epochs (reduce on plateau); 1 keeps it constant"
      + " (default: ${DEFAULT-VALUE}).")
  double factor;

  @Option(names = "--lr-wait", defaultValue = "5", description = "Epochs without a better validation ELBO before each"
      + " learning-rate cut; keep it below the early stopping's patience (default: ${DEFAULT-VALUE}).")
  int plateauEpochs;

  LearningRateDecay decay() {
    return new LearningRateDecay(factor, plateauEpochs); // a factor of 1 never cuts
  }
}
