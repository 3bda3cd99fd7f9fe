package org.elbostream.model.feature;

/**
 * The observation model p(x_j | z) of one feature field, chosen from the field's type: numbers are
 * Gaussian with a per-record mean and variance, booleans Bernoulli, enums categorical.
 */
public enum Likelihood {
  GAUSSIAN,
  BERNOULLI,
  CATEGORICAL;

  /** Columns the field takes in the network input (one-hot for categorical). */
  public int inputWidth(int categories) {
    return this == CATEGORICAL ? categories : 1;
  }

  /** Columns the field's head takes in the generative network output. */
  public int headWidth(int categories) {
    return switch (this) {
      case GAUSSIAN -> 2; // mean and log-variance
      case BERNOULLI -> 1; // logit
      case CATEGORICAL -> categories; // logits
    };
  }
}
