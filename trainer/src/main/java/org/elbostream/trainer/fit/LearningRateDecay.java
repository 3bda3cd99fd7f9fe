package org.elbostream.trainer.fit;

import ai.djl.training.tracker.Tracker;

/**
 * Reduce-on-plateau for Adam's step size. Late in training the validation bound still rises, but
 * by less than the noise a constant step size keeps in the parameters, so early stopping ends the
 * run while it could still improve; a smaller step lowers that noise. Whenever the bound has gone
 * {@code plateauEpochs} epochs without a new best, the rate is multiplied by {@code factor}; the early
 * stopping's patience still counts from the best epoch, so with fewer plateau epochs than the patience
 * the run gets several smaller steps before it stops.
 *
 * @param factor what each cut multiplies the rate by, in (0, 1]; 1 keeps it constant
 * @param plateauEpochs epochs without a better validation bound before a cut
 */
public record LearningRateDecay(double factor, int plateauEpochs) {

  public LearningRateDecay {
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("the learning-rate decay factor must lie in (0, 1], got " + factor);
    }
    if (plateauEpochs < 1) {
      throw new IllegalArgumentException("the epochs without improvement before a learning-rate cut must be positive, got "
          + plateauEpochs);
    }
  }

  /** A constant learning rate. */
  public static LearningRateDecay none() {
    return new LearningRateDecay(1, Integer.MAX_VALUE);
  }

  /** The schedule of one run, starting at {@code rate}; give it to the optimiser as its tracker. */
  public Schedule start(double rate) {
    return new Schedule(rate);
  }

  @Override
  public String toString() {
    return factor == 1 ? "none" : "x" + factor + " after " + plateauEpochs + " epochs without improvement";
  }

  /** The current rate of one run; told after each epoch whether the validation bound improved. */
  public final class Schedule implements Tracker {
    private double rate;
    private int sinceChange;

    private Schedule(double rate) {
      this.rate = rate;
    }

    @Override
    public float getNewValue(int numUpdate) {
      return (float) rate;
    }

    public double rate() {
      return rate;
    }

    /** Records an epoch's outcome; returns whether it cut the rate. */
    public boolean afterEpoch(boolean improved) {
      sinceChange = improved ? 0 : sinceChange + 1;
      if (factor == 1 || sinceChange < plateauEpochs) {
        return false;
      }
      rate *= factor;
      sinceChange = 0;
      return true;
    }
  }
}
