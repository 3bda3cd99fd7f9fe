package org.elbostream.model.imputation;

/**
 * What the model expects one field to be, given the record's observed fields.
 *
 * @param value expected value in raw units; for a categorical field the index of the most probable
 *     symbol, for a boolean 0 or 1 (the more probable)
 * @param spread standard deviation in raw units (Gaussian), or sqrt(p(1-p)) of the chosen value
 *     (boolean), or 1 - its probability (categorical)
 * @param probability probability of {@code value} for a boolean or categorical field; NaN for a
 *     Gaussian one
 * @param samples how many draws the estimate rests on (for importance resampling, the effective
 *     sample size)
 * @param lower90 lower end of a central 90 % interval in raw units, from the draws; NaN when the
 *     estimate has none (an observed field, the streaming posterior predictive, a non-numeric field)
 * @param upper90 upper end of that interval
 */
public record FieldEstimate(double value, double spread, double probability, int samples, double lower90,
    double upper90) {

  /** An estimate without an interval. */
  public FieldEstimate(double value, double spread, double probability, int samples) {
    this(value, spread, probability, samples, Double.NaN, Double.NaN);
  }

  /** An observed field: its value, certain. */
  public static FieldEstimate observed(double value) {
    return new FieldEstimate(value, 0, Double.NaN, 0);
  }
}
