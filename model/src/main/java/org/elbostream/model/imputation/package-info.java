/** Filling in missing fields: the posterior predictive read off the scoring samples, and three samplers of p(x_mis | x_obs). */
package org.elbostream.model.imputation;
