package org.elbostream.cli.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.elbostream.streams.serde.SingleObjectCodec;

/**
 * The ways a producer's record can be broken that a reader can always tell: each kind makes bytes
 * the service must send to the dead-letter topic. (A flipped bit inside a double is still a double:
 * no reader can tell it, so it is not among them.)
 */
enum Corruption {
  /** The record cut short anywhere before its end. */
  TRUNCATED,
  /** A byte of the single-object marker or of the fingerprint flipped. */
  FLIPPED_HEADER_BYTE,
  /** The fingerprint of no schema the service knows. */
  WRONG_FINGERPRINT,
  /** A feature NaN. */
  NAN_VALUE,
  /** A feature +∞ or -∞. */
  INFINITE_VALUE,
  /** An enum's index one past its symbols (a writer whose schema has a symbol more); only for a schema with an enum. */
  OUT_OF_RANGE_ENUM,
  /** A value of no bytes. */
  EMPTY,
  /** A good record followed by 64 KiB of bytes no schema accounts for. */
  OVERSIZED;

  static final int OVERSIZED_EXTRA = 64 * 1024;

  /** The kinds {@code schema} allows: an out-of-range enum needs an enum. */
  static List<Corruption> applicableTo(Schema schema) {
    List<Corruption> out = new ArrayList<>(Arrays.asList(values()));
    if (enumField(schema) == null) {
      out.remove(OUT_OF_RANGE_ENUM);
    }
    return out;
  }

  /**
   * {@code record} (of {@code schema}, its numeric features named in {@code numbers}) broken this way.
   *
   * @param codec writes {@code schema}
   */
  byte[] apply(GenericRecord record, Schema schema, SingleObjectCodec codec, List<String> numbers,
      SplittableRandom random) {
    byte[] good = codec.encode(record);
    return switch (this) {
      case TRUNCATED -> Arrays.copyOf(good, 1 + random.nextInt(good.length - 1));
      case FLIPPED_HEADER_BYTE -> {
        byte[] b = good.clone();
        b[random.nextInt(10)] ^= (byte) (1 << random.nextInt(8));
        yield b;
      }
      case WRONG_FINGERPRINT -> {
        byte[] b = good.clone();
        for (int i = 2; i < 10; i++) {
          b[i] = (byte) random.nextInt(256);
        }
        yield b;
      }
      case NAN_VALUE, INFINITE_VALUE -> {
        GenericData.Record copy = new GenericData.Record((GenericData.Record) record, true);
        String field = numbers.get(random.nextInt(numbers.size()));
        double bad = this == NAN_VALUE ? Double.NaN : random.nextBoolean() ? Double.POSITIVE_INFINITY
            : Double.NEGATIVE_INFINITY;
        Schema.Type type = numericType(schema.getField(field).schema());
        copy.put(field, type == Schema.Type.FLOAT ? (Object) (float) bad : (Object) bad);
        yield codec.encode(copy);
      }
      case OUT_OF_RANGE_ENUM -> outOfRangeEnum(record, schema, good);
      case EMPTY -> new byte[0];
      case OVERSIZED -> {
        byte[] b = Arrays.copyOf(good, good.length + OVERSIZED_EXTRA);
        for (int i = good.length; i < b.length; i++) {
          b[i] = (byte) random.nextInt(256);
        }
        yield b;
      }
    };
  }

  /**
   * The record written by a schema whose first enum has one symbol more, set to that symbol, under
   * the reader's own fingerprint: the bytes hold an index the reader's enum does not have.
   */
  private static byte[] outOfRangeEnum(GenericRecord record, Schema schema, byte[] good) {
    Schema.Field field = enumField(schema);
    Schema wider = widened(schema, field.name());
    Schema enumType = enumOf(wider.getField(field.name()).schema());
    GenericData.Record copy = new GenericData.Record(wider);
    for (Schema.Field f : schema.getFields()) {
      copy.put(f.name(), f.name().equals(field.name()) ? null : record.get(f.name()));
    }
    List<String> symbols = enumType.getEnumSymbols();
    copy.put(field.name(), new GenericData.EnumSymbol(enumType, symbols.get(symbols.size() - 1)));
    byte[] b = SingleObjectCodec.writerOnly(wider).encode(copy);
    System.arraycopy(good, 0, b, 0, 10);
    return b;
  }

  private static Schema.Field enumField(Schema schema) {
    return schema.getFields().stream().filter(f -> enumOf(f.schema()) != null).findFirst().orElse(null);
  }

  private static Schema enumOf(Schema s) {
    if (s.getType() == Schema.Type.ENUM) {
      return s;
    }
    if (s.getType() == Schema.Type.UNION) {
      return s.getTypes().stream().filter(t -> t.getType() == Schema.Type.ENUM).findFirst().orElse(null);
    }
    return null;
  }

  private static Schema.Type numericType(Schema s) {
    if (s.getType() == Schema.Type.UNION) {
      return s.getTypes().stream().map(Schema::getType).filter(t -> t != Schema.Type.NULL).findFirst().orElseThrow();
    }
    return s.getType();
  }

  /** {@code schema} with the enum of field {@code name} given one symbol more. */
  private static Schema widened(Schema schema, String name) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      Schema type = f.schema();
      if (f.name().equals(name)) {
        Schema e = enumOf(type);
        List<String> symbols = new ArrayList<>(e.getEnumSymbols());
        symbols.add("UNKNOWN_TO_THE_READER");
        Schema wider = Schema.createEnum(e.getName(), e.getDoc(), e.getNamespace(), symbols);
        type = type.getType() == Schema.Type.UNION
            ? Schema.createUnion(type.getTypes().stream().map(t -> t.getType() == Schema.Type.ENUM ? wider : t).toList())
            : wider;
      }
      fields.add(new Schema.Field(f.name(), type, f.doc(), f.defaultVal()));
    }
    return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }
}
