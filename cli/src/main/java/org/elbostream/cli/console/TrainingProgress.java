package org.elbostream.cli.console;

import org.elbostream.trainer.fit.EpochStats;
import org.elbostream.trainer.fit.FitListener;

/** Shows a training run on a {@link ProgressBar}: the bar per step, and a line per epoch if asked. */
public final class TrainingProgress {
  private TrainingProgress() {}

  /** Drives {@code bar}; with {@code epochLines} each epoch also leaves a line in the log. */
  public static FitListener on(ProgressBar bar, int maxEpochs, boolean epochLines) {
    return new FitListener() {
      private EpochStats last;

      @Override
      public void onStep(int epoch, int done, int total) {
        String elbo = last == null ? "" : String.format("ELBO train %.2f val %.2f", last.trainElbo(), last.validationElbo());
        bar.update("epoch " + epoch + "/" + maxEpochs, ((epoch - 1) + (double) done / total) / maxEpochs, elbo);
      }

      @Override
      public void onSampling(long done, long total) {
        bar.update("SGHMC weight samples", (double) done / total, done + "/" + total + " steps");
      }

      @Override
      public void onEpoch(EpochStats stats, int max, boolean improved) {
        last = stats;
        if (!epochLines) {
          return;
        }
        // Early stopping may end sooner: the ETA is an upper bound.
        double eta = stats.seconds() / stats.epoch() * (max - stats.epoch());
        bar.println(String.format("epoch %3d/%d  train ELBO %10.3f  validation ELBO %10.3f%s  %6.1fs  ETA <= %.0fs",
            stats.epoch(), max, stats.trainElbo(), stats.validationElbo(), improved ? " *" : "  ", stats.seconds(), eta));
      }
    };
  }
}
