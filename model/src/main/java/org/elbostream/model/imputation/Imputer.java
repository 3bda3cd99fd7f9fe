package org.elbostream.model.imputation;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.elbostream.model.net.VaeNetworks;

/**
 * Fills in the missing fields of records from a trained model pair. Three samplers, one contract:
 * every missing field gets a point estimate, a spread, a 90 % interval from the draws and the
 * number of draws it rests on; an observed field is returned as it was. Each record's randomness
 * comes from its own seed, so a replay imputes the same values whatever batch it arrives in. Not
 * thread-safe: one imputer per thread, like a scorer.
 */
public interface Imputer {

  /**
   * @param rows feature rows in raw units, NaN = missing; not modified
   * @param seeds one per row (derive it from the record's identity, e.g. key and offset)
   */
  Imputations impute(List<double[]> rows, long[] seeds);

  /**
   * What a batch came to.
   *
   * @param rows per input row, an estimate of every feature (observed ones unchanged)
   * @param acceptanceRate share of Metropolis proposals accepted; NaN for samplers without one
   */
  record Imputations(List<FieldEstimate[]> rows, double acceptanceRate) {}

  /** The samplers. */
  enum Kind {
    /**
     * Rezende et al. (2014): alternate z ~ q(z | x_obs, x_mis) and x_mis ~ p(x_mis | z), starting from
     * the learned marginal. Cheap, but its stationary distribution is the model's conditional only
     * when q is the exact posterior.
     */
    PSEUDO_GIBBS,
    /**
     * Mattei and Frellsen (2018): the same proposals, each z accepted with the exact Metropolis-Hastings
     * ratio, so the chain targets the model's true conditional p(x_mis | x_obs).
     */
    METROPOLIS_WITHIN_GIBBS,
    /**
     * As in MIWAE (Mattei and Frellsen 2019): K draws of z from q(z | x_obs), weighted by
     * p(x_obs | z) p(z) / q(z | x_obs), and x_mis resampled from them. No chain, one pass.
     */
    IMPORTANCE_RESAMPLING
  }

  /** An imputer of {@code kind} over {@code networks}; its temporary arrays live under {@code manager}. */
  static Imputer of(Kind kind, VaeNetworks networks, ImputationOptions options, NDManager manager) {
    NetworkCalls calls = new NetworkCalls(networks, manager);
    Heads heads = new Heads(networks.heads());
    return switch (kind) {
      case PSEUDO_GIBBS -> new ChainImputer(calls, heads, options, false);
      case METROPOLIS_WITHIN_GIBBS -> new ChainImputer(calls, heads, options, true);
      case IMPORTANCE_RESAMPLING -> new ImportanceResampler(calls, heads, options);
    };
  }
}
