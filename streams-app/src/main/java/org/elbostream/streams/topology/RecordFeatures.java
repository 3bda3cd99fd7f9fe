package org.elbostream.streams.topology;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.feature.FieldRole;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.feature.Timestamps;
import org.elbostream.model.imputation.FieldEstimate;
import org.elbostream.streams.serde.DeadLetterReason;
import org.elbostream.streams.serde.DecodeException;

/**
 * Between Avro records and the model's feature rows: reads a record's features (null = missing),
 * and writes imputed values back in each field's own Avro type.
 */
public final class RecordFeatures {
  private final FeatureSpec spec;
  private final String keyField;
  private final String timeField;
  /** Each feature's field position in the schema, and the type its value is written as. */
  private final int[] position;
  private final Schema[] valueType;

  /**
   * @param schema the schema the records are in; it must hold every feature field of {@code spec}
   * @throws IllegalArgumentException naming the first feature field it lacks
   */
  public RecordFeatures(FeatureSpec spec, Schema schema) {
    this.spec = spec;
    this.keyField = fieldWithRole(FieldRole.KEY);
    this.timeField = fieldWithRole(FieldRole.TIMESTAMP);
    List<FieldSpec> features = spec.features();
    this.position = new int[features.size()];
    this.valueType = new Schema[features.size()];
    for (int j = 0; j < position.length; j++) {
      Schema.Field field = schema.getField(features.get(j).name());
      if (field == null) {
        throw new IllegalArgumentException("the records have no field '" + features.get(j).name()
            + "', which the model reads");
      }
      position[j] = field.pos();
      valueType[j] = nonNullBranch(field.schema());
    }
  }

  private String fieldWithRole(FieldRole role) {
    return spec.fields().stream().filter(f -> f.role() == role).map(FieldSpec::name).findFirst().orElse(null);
  }

  /**
   * The feature row, raw units, NaN for null; a NaN or infinite reading is refused. {@code record}
   * is in this object's schema (the codec resolved it into that).
   */
  public double[] row(GenericRecord record) throws DecodeException {
    List<FieldSpec> features = spec.features();
    double[] row = new double[features.size()];
    for (int j = 0; j < row.length; j++) {
      FieldSpec f = features.get(j);
      Object v = record.get(position[j]);
      if (v == null) {
        if (!f.nullable()) {
          throw new DecodeException(DeadLetterReason.INVALID_VALUE, "field '" + f.name() + "' is null but required");
        }
        row[j] = Double.NaN;
      } else if (v instanceof Number n) {
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
          throw new DecodeException(DeadLetterReason.INVALID_VALUE, "field '" + f.name() + "' is " + d
              + "; send null for a missing reading");
        }
        row[j] = d;
      } else if (v instanceof Boolean b) {
        row[j] = b ? 1 : 0;
      } else if (v instanceof GenericEnumSymbol<?> e) {
        row[j] = f.categories().indexOf(e.toString());
      } else {
        throw new DecodeException(DeadLetterReason.INVALID_VALUE, "field '" + f.name() + "' has a "
            + v.getClass().getSimpleName() + ", not a number, boolean or enum");
      }
    }
    return row;
  }

  /** The entity a record belongs to: its key-role field, else the Kafka key as text. */
  String entityKey(GenericRecord record, byte[] kafkaKey) {
    if (keyField != null && record.get(keyField) != null) {
      return record.get(keyField).toString();
    }
    return kafkaKey == null ? null : new String(kafkaKey, StandardCharsets.UTF_8);
  }

  /**
   * The record's timestamp-role field — a long of epoch milliseconds, or text read as the trainer
   * reads a time column ({@link Timestamps}), so that a windowed model's gaps mean the same here —
   * else {@code fallback} (the Kafka timestamp).
   */
  long eventTime(GenericRecord record, long fallback) {
    Object value = timeField == null ? null : record.get(timeField);
    if (value instanceof Long t) {
      return t;
    }
    Long parsed = value instanceof CharSequence text ? Timestamps.parse(text.toString()) : null;
    return parsed != null ? parsed : fallback;
  }

  /** A copy of {@code record} with each missing feature set to its estimate. */
  GenericRecord filled(GenericRecord record, double[] row, FieldEstimate[] expected) {
    GenericData.Record out = new GenericData.Record((GenericData.Record) record, false);
    List<FieldSpec> features = spec.features();
    for (int j = 0; j < row.length; j++) {
      if (Double.isNaN(row[j])) {
        out.put(position[j], avroValue(valueType[j], features.get(j), expected[j].value()));
      }
    }
    return out;
  }

  static Schema nonNullBranch(Schema s) {
    if (s.getType() != Schema.Type.UNION) {
      return s;
    }
    return s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
  }

  private static Object avroValue(Schema type, FieldSpec f, double v) {
    return switch (type.getType()) {
      case DOUBLE -> v;
      case FLOAT -> (float) v;
      case INT -> (int) Math.round(v);
      case LONG -> Math.round(v);
      case BOOLEAN -> v >= 0.5;
      case ENUM -> new GenericData.EnumSymbol(type, f.categories().get((int) v));
      default -> throw new IllegalStateException("field '" + f.name() + "' of type " + type.getType()
          + " is not a feature type");
    };
  }

  /** A boolean's or categorical's symbol for a value, or null for a numeric field. */
  public static String label(FieldSpec f, double v) {
    return switch (f.likelihood()) {
      case GAUSSIAN, STUDENT_T, LOG_NORMAL, POISSON -> null;
      case BERNOULLI -> v >= 0.5 ? "true" : "false";
      case CATEGORICAL, ORDINAL -> f.categories().get((int) v);
    };
  }
}
