package org.elbostream.model.kind;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.Manifest;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.imputation.ImputationOptions;
import org.elbostream.model.imputation.Imputer;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.net.VaeNetworks;
import org.elbostream.model.scoring.LatentGaussianScorer;
import org.elbostream.model.scoring.MarginalLikelihood;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.model.scoring.ScoringOptions;

/**
 * Gaussian latents: the variational autoencoder (Kingma &amp; Welling 2014) and the deep latent
 * Gaussian model (Rezende et al. 2014), with a diagonal or rank-one posterior, and optionally M
 * posterior samples of the generative weights (a Bayesian generative network, by SGHMC) that every
 * record is scored with.
 */
public final class LatentGaussianKind implements ModelKind {
  public static final LatentGaussianKind INSTANCE = new LatentGaussianKind();
  public static final String RECOGNITION = "recognition.params";
  public static final String GENERATIVE = "generative.params";
  /** M sampled generative parameter sets, each length-prefixed; only in a Bayesian model's bundle. */
  public static final String WEIGHT_SAMPLES = "generative-samples.params";

  private LatentGaussianKind() {}

  @Override
  public String id() {
    return "latent-gaussian";
  }

  @Override
  public boolean describes(Architecture architecture) {
    return architecture.units() == Architecture.Latent.GAUSSIAN && architecture.past() == null;
  }

  @Override
  public Map<String, String> parameterFiles(Manifest manifest) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(RECOGNITION, "the recognition network's parameters");
    files.put(GENERATIVE, "the generative network's parameters");
    if (manifest.weightSamples() != null) {
      files.put(WEIGHT_SAMPLES, "the manifest declares " + manifest.weightSamples() + " weight samples");
    }
    return files;
  }

  /**
   * The parameter files of trained networks and their sampled generative weights (see
   * {@link VaeNetworks#generativeParameters}; empty for a point estimate), in the bundle's order.
   */
  public Map<String, byte[]> parameters(VaeNetworks networks, List<byte[]> weightSamples) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(RECOGNITION, networks.recognitionParameters());
    files.put(GENERATIVE, networks.generativeParameters());
    if (!weightSamples.isEmpty()) {
      files.put(WEIGHT_SAMPLES, packed(weightSamples));
    }
    return files;
  }

  @Override
  public LoadedModel load(ModelBundle bundle, NDManager manager) throws BundleFormatException {
    VaeNetworks networks = networks(bundle, manager);
    return model(networks, weightSamples(bundle, networks, manager), bundle.manifest().scoring(), manager);
  }

  /** What trained (or loaded) networks can do, with their weight samples (empty for a point estimate). */
  public static LoadedModel model(VaeNetworks networks, List<VaeNetworks> weightSamples, ScoringOptions scoring,
      NDManager manager) {
    return new Loaded(networks, List.copyOf(weightSamples), scoring, manager);
  }

  /** The bundle's networks rebuilt from its architecture, its parameters loaded into {@code manager}. */
  public VaeNetworks networks(ModelBundle bundle, NDManager manager) throws BundleFormatException {
    if (!describes(bundle.manifest().architecture())) {
      throw new BundleFormatException("model " + bundle.version() + " is a " + ModelKind.of(bundle).id()
          + " model, not a " + id() + " one (its latent units are "
          + (bundle.manifest().architecture().units() == Architecture.Latent.BERNOULLI ? "binary" : "Gaussian") + ")");
    }
    return loadNetworks(bundle, manager);
  }

  /** The bundle's two networks, of whichever kind with Gaussian latents. */
  static VaeNetworks loadNetworks(ModelBundle bundle, NDManager manager) throws BundleFormatException {
    try {
      return VaeNetworks.load(bundle.manifest().architecture(), new FeatureLayout(bundle.featureSpec()), manager,
          bundle.parameters(RECOGNITION), bundle.parameters(GENERATIVE));
    } catch (IOException e) {
      throw new BundleFormatException("model " + bundle.version() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The networks with each sampled draw of the generative weights, sharing {@code networks}'
   * recognition network; empty for a point estimate.
   */
  public List<VaeNetworks> weightSamples(ModelBundle bundle, VaeNetworks networks, NDManager manager)
      throws BundleFormatException {
    if (bundle.manifest().weightSamples() == null) {
      return List.of();
    }
    List<VaeNetworks> out = new ArrayList<>();
    try {
      for (byte[] parameters : unpacked(bundle)) {
        out.add(networks.withGenerativeParameters(parameters, manager));
      }
    } catch (IOException e) {
      throw new BundleFormatException("model " + bundle.version() + ": weight sample " + (out.size() + 1) + ": "
          + e.getMessage(), e);
    }
    return out;
  }

  private static byte[] packed(List<byte[]> parts) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (byte[] part : parts) {
        out.writeInt(part.length);
        out.write(part);
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private static List<byte[]> unpacked(ModelBundle bundle) throws BundleFormatException {
    List<byte[]> parts = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bundle.parameters(WEIGHT_SAMPLES)))) {
      while (in.available() > 0) {
        byte[] part = new byte[in.readInt()];
        in.readFully(part);
        parts.add(part);
      }
    } catch (IOException | NegativeArraySizeException e) {
      throw new BundleFormatException("model " + bundle.version() + ": " + WEIGHT_SAMPLES + " is truncated", e);
    }
    if (parts.size() != bundle.manifest().weightSamples()) {
      throw new BundleFormatException("model " + bundle.version() + ": " + WEIGHT_SAMPLES + " holds " + parts.size()
          + " weight samples, the manifest declares " + bundle.manifest().weightSamples());
    }
    return parts;
  }

  private record Loaded(VaeNetworks networks, List<VaeNetworks> weightSamples, ScoringOptions scoring,
      NDManager manager) implements LoadedModel {
    @Override
    public RowScorer scorer() {
      return scorer(scoring);
    }

    @Override
    public RowScorer scorer(ScoringOptions options) {
      return new LatentGaussianScorer(networks, weightSamples, options, manager);
    }

    @Override
    public double[] logMarginal(List<double[]> rows, int samples, long seed) {
      return new MarginalLikelihood(networks, manager).logMarginal(rows, samples, seed);
    }

    /** None for networks that read a record's past: the samplers read records alone. */
    @Override
    public Optional<Imputer> imputer(Imputer.Kind kind, ImputationOptions options) {
      return networks.pastWidth() > 0 ? Optional.empty() : Optional.of(Imputer.of(kind, networks, options, manager));
    }
  }
}
