package org.elbostream.model.bundle;

import java.util.List;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.scoring.ScoringOptions;
import org.elbostream.model.threshold.Thresholds;

/**
 * The JSON head of a model bundle: everything but the network parameters.
 *
 * @param formatVersion bundle layout version; a reader refuses versions it does not know
 * @param modelVersion content hash of the bundle (see {@link ContentHash})
 * @param createdAt ISO-8601 instant; not part of the model version
 * @param fields the feature spec, normalisation included
 * @param inputSchema Avro schema JSON the features came from, or null for CSV input
 * @param architecture the networks' shape
 * @param thresholds calibrated anomaly thresholds
 * @param scoring how records are scored: the thresholds were calibrated on scores of this kind
 * @param provenance training data, configuration and versions
 * @param weightSamples M, the number of sampled generative weight sets a Bayesian latent-Gaussian
 *     model holds in its own parameter file; null for a point estimate,
 *     and then absent from the JSON, so bundles written before it existed keep their content hash
 */
public record Manifest(
    int formatVersion,
    String modelVersion,
    String createdAt,
    List<FieldSpec> fields,
    String inputSchema,
    Architecture architecture,
    Thresholds thresholds,
    ScoringOptions scoring,
    Provenance provenance,
    Integer weightSamples) {
  /** The bundle layout this build writes (the saved format reads it and every older one it knows). */
  public static final int FORMAT_VERSION = 1;
}
