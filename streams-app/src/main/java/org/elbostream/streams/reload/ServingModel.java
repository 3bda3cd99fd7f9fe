package org.elbostream.streams.reload;

import java.time.Instant;
import org.apache.avro.Schema;
import org.elbostream.model.bundle.ModelBundle;

/**
 * A model bundle ready to serve: its input schema parsed. Immutable; swapped whole.
 *
 * @param bundle the verified bundle
 * @param inputSchema the Avro schema records are read into and imputed records written with
 */
public record ServingModel(ModelBundle bundle, Schema inputSchema) {
  public String version() {
    return bundle.version();
  }

  /** When the model was trained; the epoch for a manifest without a readable time. */
  public Instant createdAt() {
    try {
      return Instant.parse(bundle.manifest().createdAt());
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }

  public double threshold() {
    return bundle.thresholds().threshold();
  }

  /** Parses the bundle's schema; a bundle trained on CSV has none and cannot read Avro records. */
  public static ServingModel of(ModelBundle bundle) {
    String json = bundle.manifest().inputSchema();
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException("model " + bundle.version() + " was trained without an Avro input"
          + " schema (from CSV columns); train with --schema so the service can read records");
    }
    return new ServingModel(bundle, new Schema.Parser().parse(json));
  }
}
