package org.elbostream.model.scoring;

import java.util.List;
import org.elbostream.model.imputation.FieldEstimate;

/**
 * The score of one record, in nats: high means the model finds the record unlikely.
 *
 * @param score negative ELBO (or negative importance-weighted bound) over the observed fields; for
 *     a Bayesian generative network, the mean over its weight samples
 * @param kl KL(q(z|x) || p(z)): how far the record pushed the latent code from the prior
 * @param fieldNll each feature's share -E_q[log p(x_j|z)] in feature order; 0 for a missing field
 * @param latentMean mean of q(z|x)
 * @param expected each feature's posterior predictive given the observed fields, in feature order:
 *     the imputation of a missing field, the expectation beside an observed one
 * @param scoreStd standard deviation of the score over the generative weight samples: the model's
 *     own (epistemic) uncertainty about it; NaN for a point-estimate model
 * @param mode the most probable state of each layer of binary latent units, bottom first, as hex
 *     (unit 0 is the lowest bit of the last digit); null for Gaussian latents
 * @param samples how many latent draws the score rests on (per generative weight sample); fewer than
 *     the model's count when screening found the record clearly below its threshold; 0 for a
 *     detector that draws none
 */
public record RecordScore(double score, double kl, double[] fieldNll, double[] latentMean,
    FieldEstimate[] expected, double scoreStd, List<String> mode, int samples) {

  /** The same score with other estimates for the fields. */
  public RecordScore withExpected(FieldEstimate[] other) {
    return new RecordScore(score, kl, fieldNll, latentMean, other, scoreStd, mode, samples);
  }
}
