package org.elbostream.model.feature;

import java.util.Arrays;
import java.util.Locale;

/**
 * The observation model p(x_j | z) of one feature field. A real number is Gaussian or Student-t,
 * each with a per-record location and scale; a positive number log-normal, a count Poisson; a
 * boolean is Bernoulli, an enum categorical or, when its symbols are ordered, ordinal. The last
 * three and the real numbers' choice follow the HI-VAE paper's types (Nazabal, Olmos, Ghahramani &amp;
 * Valera, Pattern Recognition 2020). A schema names a field's likelihood with the field property
 * {@value #SCHEMA_PROPERTY}; training chooses it for the real numbers that do not.
 */
public enum Likelihood {
  GAUSSIAN,
  /**
   * Student's t with {@link StudentT#DEGREES_OF_FREEDOM} degrees of freedom: its log-density falls
   * off logarithmically, not quadratically, so a field that drifts a little from a tight training
   * spread adds a few nats to the score instead of thousands.
   */
  STUDENT_T,
  /**
   * Log-normal of {@code log(1 + x)}, as HI-VAE's positive type: a Gaussian over that transform in
   * the model's normalised units, for positive heavy-tailed columns; a zero is the transform's 0.
   */
  LOG_NORMAL,
  /** Poisson with a per-record log-rate, for counts: its log-probability of the count itself. */
  POISSON,
  BERNOULLI,
  CATEGORICAL,
  /**
   * Ordered classes by a cumulative link: P(y &le; k) = sigmoid(theta_k - eta), with a per-record
   * location eta and increasing thresholds theta, so a near class is a small error.
   */
  ORDINAL;

  /** The Avro field property that names a field's likelihood: {@code "gaussian"}, {@code "student-t"}. */
  public static final String SCHEMA_PROPERTY = "elbo.likelihood";

  /** Whether the field is a number, whose head is a location and a log-variance (a count's unused). */
  public boolean numeric() {
    return this == GAUSSIAN || this == STUDENT_T || this == LOG_NORMAL || this == POISSON;
  }

  /** Whether the field is a real number, whose likelihood training may choose: Gaussian or Student-t. */
  public boolean real() {
    return this == GAUSSIAN || this == STUDENT_T;
  }

  /** Whether the number is read as {@code log(1 + x)}: a positive number's or a count's scale. */
  public boolean logScale() {
    return this == LOG_NORMAL || this == POISSON;
  }

  /** Whether the field takes one of a list of symbols: an enum. */
  public boolean symbolic() {
    return this == CATEGORICAL || this == ORDINAL;
  }

  /** A number's variance over its squared scale: nu / (nu - 2) for the t, 1 for the Gaussian. */
  public double varianceFactor() {
    return this == STUDENT_T ? StudentT.VARIANCE_FACTOR : 1;
  }

  /** Columns the field takes in the network input (one-hot for categorical). */
  public int inputWidth(int categories) {
    return symbolic() ? categories : 1;
  }

  /** Columns the field's head takes in the generative network output. */
  public int headWidth(int categories) {
    return switch (this) {
      case GAUSSIAN, STUDENT_T, LOG_NORMAL, POISSON -> 2; // location and log-variance (of the scale)
      case BERNOULLI -> 1; // logit
      case CATEGORICAL -> categories; // logits
      case ORDINAL -> categories; // location, first threshold, then the steps between thresholds
    };
  }

  /** The name a schema and the command line use: {@code student-t} for STUDENT_T. */
  public String spelling() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Reads a number's likelihood as a schema spells it ({@code gaussian}, {@code student-t},
   * {@code log-normal}, {@code poisson}); {@code origin} names the field in the error.
   */
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
