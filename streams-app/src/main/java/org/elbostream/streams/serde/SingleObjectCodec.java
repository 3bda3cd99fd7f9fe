package org.elbostream.streams.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.AvroTypeException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;

/**
 * Avro single-object encoding (0xC3 0x01, the writer schema's CRC-64 fingerprint, the binary body)
 * for one schema: records in, records out. Records written with another known schema are read
 * through Avro's schema resolution into this one. Not thread-safe (Avro's decoders keep buffers):
 * one codec per stream task.
 */
public final class SingleObjectCodec {
  private final Schema schema;
  private final WriterSchemas writers;
  private final BinaryMessageDecoder<GenericRecord> decoder;
  private final BinaryMessageEncoder<GenericRecord> encoder;

  public SingleObjectCodec(Schema schema, WriterSchemas writers) {
    this.schema = schema;
    this.writers = writers;
    this.decoder = new BinaryMessageDecoder<>(GenericData.get(), schema, writers);
    this.decoder.addSchema(schema);
    this.encoder = new BinaryMessageEncoder<>(GenericData.get(), schema);
  }

  /** A codec that only writes {@code schema} (an output topic's). */
  public static SingleObjectCodec writerOnly(Schema schema) {
    return new SingleObjectCodec(schema, new WriterSchemas());
  }

  /** Decodes one message; the exception says which {@link DeadLetterReason} applies. */
  public GenericRecord decode(byte[] bytes) throws DecodeException {
    if (bytes == null) {
      throw new DecodeException(DeadLetterReason.UNDECODABLE, "null value (a tombstone) is not a record");
    }
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new DecodeException(DeadLetterReason.UNKNOWN_SCHEMA, e.getMessage());
    } catch (BadHeaderException e) {
      throw new DecodeException(DeadLetterReason.UNDECODABLE, "not Avro single-object encoding: " + e.getMessage());
    } catch (AvroTypeException e) {
      throw new DecodeException(DeadLetterReason.INCOMPATIBLE_SCHEMA, "writer schema cannot be read as "
          + schema.getFullName() + ": " + incompatibility(bytes, e.getMessage()));
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
      throw new DecodeException(DeadLetterReason.UNDECODABLE, "corrupt Avro body: " + e);
    }
  }

  /** Which fields of the writer's schema do not resolve, e.g. "power_w: expected double, found string". */
  private String incompatibility(byte[] bytes, String fallback) {
    if (bytes.length < 10) {
      return fallback;
    }
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    Schema writer = writers.findByFingerprint(fingerprint);
    if (writer == null) {
      return fallback;
    }
    List<String> problems = new ArrayList<>();
    for (SchemaCompatibility.Incompatibility i : SchemaCompatibility.checkReaderWriterCompatibility(schema, writer)
        .getResult().getIncompatibilities()) {
      problems.add(fieldAt(i.getLocation()) + ": " + i.getMessage());
    }
    return problems.isEmpty() ? fallback : String.join("; ", problems);
  }

  /** "/fields/6/type" -> the reader's field name. */
  private String fieldAt(String location) {
    String[] parts = location.split("/");
    if (parts.length > 2 && parts[1].equals("fields")) {
      try {
        return schema.getFields().get(Integer.parseInt(parts[2])).name();
      } catch (RuntimeException e) {
        return location;
      }
    }
    return location;
  }

  public byte[] encode(GenericRecord record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] out = new byte[buffer.remaining()];
      buffer.get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("encoding to memory cannot fail", e);
    }
  }
}
