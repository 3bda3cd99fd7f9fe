package org.elbostream.model.kind;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.Manifest;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.imputation.ImputationOptions;
import org.elbostream.model.imputation.Imputer;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.net.VaeNetworks;
import org.elbostream.model.scoring.LatentGaussianScorer;
import org.elbostream.model.scoring.MarginalLikelihood;
import org.elbostream.model.scoring.RowScorer;
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

  /** What trained (or loaded) networks can do. */
  public static LoadedModel model(VaeNetworks networks, ScoringOptions scoring, NDManager manager) {
    return new Loaded(networks, scoring, manager);
  }

  private record Loaded(VaeNetworks networks, ScoringOptions scoring, NDManager manager) implements LoadedModel {
    @Override
    public RowScorer scorer() {
      return scorer(scoring);
    }

    @Override
    public RowScorer scorer(ScoringOptions options) {
      return new LatentGaussianScorer(networks, options, manager);
    }

    /** Of each row read without its past. */
    @Override
    public double[] logMarginal(List<double[]> rows, int samples, long seed) {
      return new MarginalLikelihood(networks, manager).logMarginal(rows, samples, seed);
    }

    @Override
    public Optional<Imputer> imputer(Imputer.Kind kind, ImputationOptions options) {
      return Optional.empty();
    }
  }
}
