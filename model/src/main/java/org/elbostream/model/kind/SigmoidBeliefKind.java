package org.elbostream.model.kind;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.Manifest;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.discrete.SigmoidBeliefNet;
import org.elbostream.model.discrete.SigmoidBeliefScorer;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.imputation.ImputationOptions;
import org.elbostream.model.imputation.Imputer;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.model.scoring.ScoringOptions;

/**
 * Binary latents: a sigmoid belief network trained by NVIL (Mnih &amp; Gregor 2014), whose scores
 * carry each record's operating mode. Its missing fields are filled by the posterior predictive of
 * the scoring pass only: the samplers need Gaussian latents.
 */
public final class SigmoidBeliefKind implements ModelKind {
  public static final SigmoidBeliefKind INSTANCE = new SigmoidBeliefKind();
  /** The recognition layers, bottom first. */
  public static final String RECOGNITION = LatentGaussianKind.RECOGNITION;
  /** The prior's layer, then the generative layers, bottom first (NVIL's baseline is for training only). */
  public static final String GENERATIVE = LatentGaussianKind.GENERATIVE;

  private SigmoidBeliefKind() {}

  @Override
  public String id() {
    return "sigmoid-belief";
  }

  @Override
  public boolean describes(Architecture architecture) {
    return architecture.units() == Architecture.Latent.BERNOULLI;
  }

  @Override
  public Map<String, String> parameterFiles(Manifest manifest) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(RECOGNITION, "the recognition layers' parameters");
    files.put(GENERATIVE, "the prior's and the generative layers' parameters");
    return files;
  }

  /** The parameter files of a trained network, in the bundle's order. */
  public Map<String, byte[]> parameters(SigmoidBeliefNet net) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(RECOGNITION, net.recognitionParameters());
    files.put(GENERATIVE, net.generativeParameters());
    return files;
  }

  @Override
  public LoadedModel load(ModelBundle bundle, NDManager manager) throws BundleFormatException {
    try {
      SigmoidBeliefNet net = SigmoidBeliefNet.load(bundle.manifest().architecture(),
          new FeatureLayout(bundle.featureSpec()), manager, bundle.parameters(RECOGNITION),
          bundle.parameters(GENERATIVE));
      return model(net, bundle.manifest().scoring(), manager);
    } catch (IOException | IllegalArgumentException e) {
      throw new BundleFormatException("model " + bundle.version() + ": " + e.getMessage(), e);
    }
  }

  /** What a trained (or loaded) network can do. */
  public static LoadedModel model(SigmoidBeliefNet net, ScoringOptions scoring, NDManager manager) {
    return new Loaded(net, scoring, manager);
  }

  private record Loaded(SigmoidBeliefNet net, ScoringOptions scoring, NDManager manager) implements LoadedModel {
    @Override
    public RowScorer scorer() {
      return scorer(scoring);
    }

    @Override
    public RowScorer scorer(ScoringOptions options) {
      return new SigmoidBeliefScorer(net, options, manager);
    }

    @Override
    public double[] logMarginal(List<double[]> rows, int samples, long seed) {
      return net.logMarginal(rows, samples, seed, manager);
    }

    @Override
    public Optional<Imputer> imputer(Imputer.Kind kind, ImputationOptions options) {
      return Optional.empty();
    }
  }
}
