package org.elbostream.model.feature;

import java.util.Arrays;
import java.util.Locale;

/**
 * The observation model p(x_j | z) of one feature field. A number is Gaussian or Student-t, each
 * with a per-record location and scale; a boolean is Bernoulli, an enum categorical. A schema names a
 * number's likelihood with the field property {@value #SCHEMA_PROPERTY}; training chooses it for the
 * numbers that do not.
 */
public enum Likelihood {
  GAUSSIAN,
  /**
   * Student's t with {@link StudentT#DEGREES_OF_FREEDOM} degrees of freedom: its log-density falls
   * off logarithmically, not quadratically, so a field that drifts a little from a tight training
   * spread adds a few nats to the score instead of thousands.
   */
  STUDENT_T,
  BERNOULLI,
  CATEGORICAL;

  /** The Avro field property that names a field's likelihood: {@code "gaussian"}, {@code "student-t"}. */
  public static final String SCHEMA_PROPERTY = "elbo.likelihood";

  /** Whether the field is a number, modelled by a location and a scale. */
  public boolean numeric() {
    return this == GAUSSIAN || this == STUDENT_T;
  }

  /** A number's variance over its squared scale: nu / (nu - 2) for the t, 1 for the Gaussian. */
  public double varianceFactor() {
    return this == STUDENT_T ? StudentT.VARIANCE_FACTOR : 1;
  }

  /** Columns the field takes in the network input (one-hot for categorical). */
  public int inputWidth(int categories) {
    return this == CATEGORICAL ? categories : 1;
  }

  /** Columns the field's head takes in the generative network output. */
  public int headWidth(int categories) {
    return switch (this) {
      case GAUSSIAN, STUDENT_T -> 2; // location and log-variance (of the scale)
      case BERNOULLI -> 1; // logit
      case CATEGORICAL -> categories; // logits
    };
  }

  /** The name a schema and the command line use: {@code student-t} for STUDENT_T. */
  public String spelling() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Reads a number's likelihood as a schema spells it; {@code origin} names the field in the error. */
  public static Likelihood ofNumber(String text, String origin) {
    for (Likelihood l : values()) {
      if (l.numeric() && l.spelling().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new IllegalArgumentException(origin + ": " + SCHEMA_PROPERTY + " is '" + text + "', expected one of "
        + String.join(", ", Arrays.stream(values()).filter(Likelihood::numeric).map(Likelihood::spelling).toList())
        + " for a number");
  }
}
