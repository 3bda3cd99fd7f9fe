package org.elbostream.model.feature;

import java.util.Locale;

/**
 * What a field of an input record is for. Set on an Avro field with the schema property
 * {@value #SCHEMA_PROPERTY}; a field without it is a model feature. Roles are never guessed from
 * field names.
 */
public enum FieldRole {
  /** Modelled: scored, and imputed when missing. */
  FEATURE,
  /** Identifies the entity (machine, sensor); carried to the outputs. */
  KEY,
  /** Event time of the record; carried to the outputs. */
  TIMESTAMP,
  /** Carried to the outputs untouched and never modelled. */
  PASSTHROUGH;

  /** The Avro schema property that assigns a role, e.g. {@code "elbo.role": "key"}. */
  public static final String SCHEMA_PROPERTY = "elbo.role";

  /** Parses a role as written in a schema ("key", "timestamp", ...), naming the field on error. */
  public static FieldRole parse(String value, String fieldName) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field '" + fieldName + "': unknown " + SCHEMA_PROPERTY
          + " '" + value + "' (expected feature, key, timestamp or passthrough)", e);
    }
  }
}
