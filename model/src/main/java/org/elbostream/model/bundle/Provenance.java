package org.elbostream.model.bundle;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a model came from: enough to reproduce it and to judge whether it still fits the data.
 *
 * @param trainingSource the training file's name, not its path, so that the same data and settings give
 *     the same bundle wherever the file lies (bundles made before kept the path as given)
 * @param trainingDataHash SHA-256 of the training rows as parsed
 * @param trainRows rows used for gradient steps
 * @param validationRows rows held out for early stopping and threshold calibration
 * @param seed the seed that makes the run reproducible
 * @param epochs epochs run
 * @param bestEpoch the epoch whose parameters were kept (best validation ELBO)
 * @param validationElbo mean validation bound per record at the best epoch, nats: the ELBO, or the
 *     K-sample importance-weighted bound of a model trained on it (trainerConfig trainingSamples)
 * @param trainSeconds wall time; not part of the model version
 * @param trainerConfig every trainer setting, as text
 * @param versions library and runtime versions
 */
public record Provenance(
    String trainingSource,
    String trainingDataHash,
    int trainRows,
    int validationRows,
    long seed,
    int epochs,
    int bestEpoch,
    double validationElbo,
    double trainSeconds,
    Map<String, String> trainerConfig,
    Map<String, String> versions) {

  public Provenance {
    // Sorted, so the manifest's text (and so the model version) never depends on map order.
    trainerConfig = Collections.unmodifiableMap(new TreeMap<>(trainerConfig));
    versions = Collections.unmodifiableMap(new TreeMap<>(versions));
  }
}
