package org.elbostream.trainer.fit;

/**
 * One epoch of training, ELBO per record in nats (higher is better).
 *
 * @param epoch 1-based
 * @param trainElbo mean training ELBO (with injected missingness, one sample)
 * @param validationElbo mean validation ELBO over all observed fields
 * @param seconds wall time since training started
 */
public record EpochStats(int epoch, double trainElbo, double validationElbo, double seconds) {}
