package org.elbostream.model.scoring;

import org.elbostream.model.imputation.FieldEstimate;

/**
 * The score of one record, in nats: high means the model finds the record unlikely.
 *
 * @param score negative ELBO (or negative importance-weighted bound) over the observed fields
 * @param kl KL(q(z|x) || p(z)): how far the record pushed the latent code from the prior
 * @param fieldNll each feature's share -E_q[log p(x_j|z)] in feature order; 0 for a missing field
 * @param latentMean mean of q(z|x)
 * @param expected each feature's posterior predictive given the observed fields, in feature order:
 *     the imputation of a missing field, the expectation beside an observed one
 */
public record RecordScore(double score, double kl, double[] fieldNll, double[] latentMean,
    FieldEstimate[] expected) {}
