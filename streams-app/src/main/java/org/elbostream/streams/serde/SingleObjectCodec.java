package org.elbostream.streams.serde;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
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
  private final GenericDatumWriter<GenericRecord> datumWriter;
  /** The single-object header of this schema: marker bytes, then the fingerprint little-endian. */
  private final byte[] header;
  /**
   * Reused by every encode, with a buffered encoder over it: Avro's message encoder writes byte by
   * byte into a fresh synchronized stream, which cost a quarter of the scoring thread's time.
   */
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
  private BinaryEncoder binary;

  public SingleObjectCodec(Schema schema, WriterSchemas writers) {
    this.schema = schema;
    this.writers = writers;
    this.decoder = new BinaryMessageDecoder<>(GenericData.get(), schema, writers);
    this.decoder.addSchema(schema);
    this.datumWriter = new GenericDatumWriter<>(schema, NullableUnions.DATA);
    this.header = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
        .putLong(SchemaNormalization.parsingFingerprint64(schema)).array();
  }

  /**
   * True if {@code bytes} were written with exactly this codec's schema, so that re-encoding an
   * unchanged record would give the same bytes back.
   */
  public boolean writtenWithThisSchema(byte[] bytes) {
    return bytes != null && bytes.length >= header.length
        && Arrays.equals(bytes, 0, header.length, header, 0, header.length);
  }

  /**
   * Avro's generic data, except that a two-branch union with null (how every optional field is
   * declared) is resolved by a null check instead of a lookup by type name: that lookup was a tenth
   * of the scoring thread's time in the streaming benchmark.
   */
  private static final class NullableUnions extends GenericData {
    static final NullableUnions DATA = new NullableUnions();

    @Override
    public int resolveUnion(Schema union, Object datum) {
      List<Schema> types = union.getTypes();
      if (types.size() == 2) {
        if (types.get(0).getType() == Schema.Type.NULL) {
          return datum == null ? 0 : 1;
        }
        if (types.get(1).getType() == Schema.Type.NULL) {
          return datum == null ? 1 : 0;
        }
      }
      return super.resolveUnion(union, datum);
    }
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
      // Avro reads a message from a stream without reading ahead, so what the stream has left is
      // what the writer schema did not account for: a record with bytes after its body is corrupt,
      // not a record to score.
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      GenericRecord record = decoder.decode(in, null);
      if (in.available() > 0) {
        throw new DecodeException(DeadLetterReason.UNDECODABLE, in.available() + " bytes after the end of the "
            + bytes.length + "-byte record's body");
      }
      return record;
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
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
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
    buffer.reset();
    buffer.writeBytes(header);
    binary = EncoderFactory.get().binaryEncoder(buffer, binary);
    try {
      datumWriter.write(record, binary);
      binary.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding to memory cannot fail", e);
    }
    return buffer.toByteArray();
  }
}
