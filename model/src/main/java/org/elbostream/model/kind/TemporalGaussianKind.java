package org.elbostream.model.kind;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.Manifest;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.imputation.Imputer;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.net.VaeNetworks;
import org.elbostream.model.scoring.ScoringOptions;

/**
 * Gaussian latents for a record read with its past: a conditional VAE q(z | x, c), p(x | z, c) of
 * the newest record x given c, its key's previous W records as they were observed (see
 * {@link VaeNetworks}). Its score is a bound on -log p(x | c) in nats, per-field terms and KL adding up
 * to it as for a record alone, and its posterior predictive fills a missing field from the record's
 * other fields and its past alike. The samplers of {@link Imputer} read records alone, so this kind
 * imputes by the posterior predictive only.
 */
public final class TemporalGaussianKind implements ModelKind {
  public static final TemporalGaussianKind INSTANCE = new TemporalGaussianKind();

  private TemporalGaussianKind() {}

  @Override
  public String id() {
    return "temporal-gaussian";
  }

  @Override
  public boolean describes(Architecture architecture) {
    return architecture.units() == Architecture.Latent.GAUSSIAN && architecture.past() != null;
  }

  /** The point-estimate Gaussian kind's two files: these networks are built alike, wider inputs aside. */
  @Override
  public Map<String, String> parameterFiles(Manifest manifest) {
    return LatentGaussianKind.INSTANCE.parameterFiles(manifest);
  }

  /** The parameter files of trained networks, in the bundle's order. */
  public Map<String, byte[]> parameters(VaeNetworks networks) {
    return LatentGaussianKind.INSTANCE.parameters(networks, List.of());
  }

  @Override
  public LoadedModel load(ModelBundle bundle, NDManager manager) throws BundleFormatException {
    return model(LatentGaussianKind.loadNetworks(bundle, manager), bundle.manifest().scoring(), manager);
  }

  /**
   * What trained (or loaded) networks can do: the Gaussian kind's scorer, which takes each record's
   * past, and no sampler (see above).
   */
  public static LoadedModel model(VaeNetworks networks, ScoringOptions scoring, NDManager manager) {
    return LatentGaussianKind.model(networks, List.of(), scoring, manager);
  }
}
