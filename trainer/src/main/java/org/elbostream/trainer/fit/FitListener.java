package org.elbostream.trainer.fit;

/** Hears about training progress: a progress bar, a log, a test. */
public interface FitListener {
  /** After each mini-batch; {@code done} of {@code total} steps of this epoch. */
  default void onStep(int epoch, int done, int total) {}

  /** After each epoch's validation. */
  default void onEpoch(EpochStats stats, int maxEpochs, boolean improved) {}

  /** After each step of the weight sampler; {@code done} of {@code total}. */
  default void onSampling(long done, long total) {}

  FitListener NONE = new FitListener() {};
}
