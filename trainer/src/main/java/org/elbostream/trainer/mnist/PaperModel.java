package org.elbostream.trainer.mnist;

import java.util.List;
import org.elbostream.model.net.Architecture;

/**
 * The models of the seed papers' binarised-MNIST table, with the figures the papers report: the
 * one-layer VAE, the deep latent Gaussian model with a diagonal and with a rank-one posterior
 * (Rezende et al. 2014) and the 200-200 sigmoid belief network trained by NVIL (Mnih &amp; Gregor
 * 2014). The networks are 200-200 ReLU MLPs with 50 latent dimensions (two layers of 50 for the
 * DLGMs).
 */
public enum PaperModel {
  vae(Double.NaN), dlgm_diagonal(87.30), dlgm_rank_one(86.60), nvil_sbn(99.7),
  /** A VAE with a 2-D latent space, for the papers' latent-space picture; not in the default table. */
  vae_2d(Double.NaN);

  /** The table's rows: what runs when no models are named. */
  public static final List<PaperModel> TABLE = List.of(vae, dlgm_diagonal, dlgm_rank_one, nvil_sbn);

  private static final List<Integer> HIDDEN = List.of(200, 200);

  private final double paperNll;

  PaperModel(double paperNll) {
    this.paperNll = paperNll;
  }

  /** Test NLL the paper reports, nats (NaN: none in the seed papers). */
  public double paperNll() {
    return paperNll;
  }

  /** The shape of its networks. */
  public Architecture architecture() {
    double floor = Architecture.defaults().minLogVariance();
    return switch (this) {
      case vae -> new Architecture(50, HIDDEN, floor);
      case vae_2d -> new Architecture(2, HIDDEN, floor);
      case dlgm_diagonal -> Architecture.deep(List.of(50, 50), HIDDEN, floor, Architecture.Posterior.DIAGONAL);
      case dlgm_rank_one -> Architecture.deep(List.of(50, 50), HIDDEN, floor, Architecture.Posterior.RANK_ONE);
      case nvil_sbn -> Architecture.sigmoidBelief(List.of(200, 200), floor);
    };
  }

  /** Precision of the Gaussian prior on the generative weights: the DLGMs have one, the others none. */
  public double weightPrior() {
    return this == dlgm_diagonal || this == dlgm_rank_one ? 1 : 0;
  }
}
