package org.elbostream.streams.serde;

/** Why a record went to the dead-letter topic; the label of the dead-letter counter. */
public enum DeadLetterReason {
  /** Not Avro single-object encoding, or a body that does not parse. */
  UNDECODABLE("undecodable"),
  /** A fingerprint of no schema the service knows. */
  UNKNOWN_SCHEMA("unknown-schema"),
  /** A known writer schema that cannot be resolved to the model's (e.g. a field of the wrong type). */
  INCOMPATIBLE_SCHEMA("incompatible-schema"),
  /** Decodes, but a value is not acceptable: NaN, infinite, a missing required feature. */
  INVALID_VALUE("invalid-value"),
  /** The model failed on the record's batch; the whole batch goes here rather than being lost. */
  SCORING_FAILED("scoring-failed");

  private final String label;

  DeadLetterReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
