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
 * @param samples how many draws of z the estimate rests on
 */
public record FieldEstimate(double value, double spread, double probability, int samples) {}
