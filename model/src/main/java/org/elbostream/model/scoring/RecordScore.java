package org.elbostream.model.scoring;

/**
 * The score of one record, in nats: high means the model finds the record unlikely.
 *
 * @param score negative ELBO (or negative importance-weighted bound) over the observed fields
 * @param kl KL(q(z|x) || p(z)): how far the record pushed the latent code from the prior
 * @param fieldNll each feature's share -E_q[log p(x_j|z)] in feature order; 0 for a missing field
 * @param latentMean mean of q(z|x)
 */
public record RecordScore(double score, double kl, double[] fieldNll, double[] latentMean) {}
