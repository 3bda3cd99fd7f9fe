package org.elbostream.model.bundle;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.scoring.ScoringOptions;
import org.elbostream.model.threshold.Thresholds;

/**
 * A trained model as one immutable value: its manifest and its parameter files. The model version is
 * a content hash of both ({@link ContentHash}), so two bundles with the same version score every
 * record identically. How a bundle is saved, as a directory or as one archive for a Kafka topic, is
 * the saved format's business (BundleFormat); what its
 * parameters mean is its kind's (ModelKind).
 */
public final class ModelBundle {
  private final Manifest manifest;
  private final FeatureSpec featureSpec;
  private final Map<String, byte[]> parameters;

  private ModelBundle(Manifest manifest, Map<String, byte[]> parameters) {
    this.manifest = manifest;
    this.featureSpec = new FeatureSpec(manifest.fields());
    Map<String, byte[]> copy = new LinkedHashMap<>();
    parameters.forEach((name, bytes) -> copy.put(name, bytes.clone()));
    this.parameters = Collections.unmodifiableMap(copy);
  }

  /**
   * A bundle read back as it was saved; the caller has checked the version against the content.
   *
   * @param parameters the parameter files in their kind's order
   * @throws IllegalArgumentException when the manifest has no version or its feature spec is not valid
   */
  public static ModelBundle of(Manifest manifest, Map<String, byte[]> parameters) {
    if (manifest.modelVersion() == null) {
      throw new IllegalArgumentException("a bundle's manifest carries its model version");
    }
    return new ModelBundle(manifest, parameters);
  }

  /** Assembles a freshly trained model; {@link Builder#build} stamps it with its content hash. */
  public static Builder builder() {
    return new Builder();
  }

  public Manifest manifest() {
    return manifest;
  }

  /** The model version: a content hash. */
  public String version() {
    return manifest.modelVersion();
  }

  public FeatureSpec featureSpec() {
    return featureSpec;
  }

  public Thresholds thresholds() {
    return manifest.thresholds();
  }

  /** The names of the parameter files, in their kind's order. */
  public Set<String> parameterFiles() {
    return parameters.keySet();
  }

  /** A parameter file's bytes (a copy). */
  public byte[] parameters(String file) {
    byte[] bytes = parameters.get(file);
    if (bytes == null) {
      throw new IllegalArgumentException("model " + version() + " has no parameter file " + file);
    }
    return bytes.clone();
  }

  /** Builds a bundle from a trained model's parts. */
  public static final class Builder {
    private FeatureSpec featureSpec;
    private String inputSchema;
    private Architecture architecture;
    private Thresholds thresholds;
    private ScoringOptions scoring;
    private Provenance provenance;
    private Integer weightSamples;
    private Map<String, byte[]> parameters;

    private Builder() {}

    /** The feature spec, with the normalisation learned from the training rows. */
    public Builder featureSpec(FeatureSpec spec) {
      this.featureSpec = spec;
      return this;
    }

    /** The Avro schema JSON the service reads records with, or null for a model of CSV columns. */
    public Builder inputSchema(String json) {
      this.inputSchema = json;
      return this;
    }

    public Builder architecture(Architecture architecture) {
      this.architecture = architecture;
      return this;
    }

    public Builder thresholds(Thresholds thresholds) {
      this.thresholds = thresholds;
      return this;
    }

    /** How records are scored: the thresholds were calibrated on scores of this kind. */
    public Builder scoring(ScoringOptions scoring) {
      this.scoring = scoring;
      return this;
    }

    public Builder provenance(Provenance provenance) {
      this.provenance = provenance;
      return this;
    }

    /**
     * The parameter files, in the order of the model's kind (see its {@code parameters} method),
     * and how many sampled generative weight sets they hold (0 for a point estimate).
     */
    public Builder parameters(Map<String, byte[]> files, int weightSamples) {
      this.parameters = files;
      this.weightSamples = weightSamples == 0 ? null : weightSamples;
      return this;
    }

    /** The bundle, stamped with its creation time and its content hash. */
    public ModelBundle build() {
      if (featureSpec == null || architecture == null || thresholds == null || scoring == null || provenance == null
          || parameters == null) {
        throw new IllegalStateException("a bundle needs its feature spec, architecture, thresholds, scoring,"
            + " provenance and parameters");
      }
      Manifest draft = new Manifest(Manifest.FORMAT_VERSION, null, Instant.now().toString(), featureSpec.fields(),
          inputSchema, architecture, thresholds, scoring, provenance, weightSamples);
      String version = ContentHash.of(draft, parameters);
      return new ModelBundle(new Manifest(draft.formatVersion(), version, draft.createdAt(), draft.fields(),
          inputSchema, architecture, thresholds, scoring, provenance, weightSamples), parameters);
    }
  }
}
