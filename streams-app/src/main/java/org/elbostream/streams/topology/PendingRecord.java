package org.elbostream.streams.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.elbostream.model.noise.RecordNoise;

/**
 * An input record as received, with where it came from: what the batch store keeps so that a
 * restarted task can score it exactly as the crashed one would have.
 */
record PendingRecord(byte[] key, byte[] value, long timestamp, String topic, int partition, long offset,
    Headers headers) {
  private static final int FORMAT = 1;

  /** "topic-partition@offset": how logs and dead letters name a record. */
  String origin() {
    return topic + "-" + partition + "@" + offset;
  }

  /** The record's own random seed, from where it sits in Kafka: a replay draws the same numbers. */
  long seed() {
    return RecordNoise.seedOf(topic, partition, offset);
  }

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (value == null ? 0 : value.length));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      writeBytes(out, key);
      writeBytes(out, value);
      out.writeLong(timestamp);
      out.writeUTF(topic);
      out.writeInt(partition);
      out.writeLong(offset);
      Header[] all = headers.toArray();
      out.writeInt(all.length);
      for (Header h : all) {
        out.writeUTF(h.key());
        writeBytes(out, h.value());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  static PendingRecord fromBytes(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      int format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalStateException("batch store entry of unknown format " + format
            + "; was the store written by a newer version?");
      }
      byte[] key = readBytes(in);
      byte[] value = readBytes(in);
      long timestamp = in.readLong();
      String topic = in.readUTF();
      int partition = in.readInt();
      long offset = in.readLong();
      int count = in.readInt();
      List<Header> headers = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        byte[] v = readBytes(in);
        headers.add(new RecordHeader(name, v));
      }
      return new PendingRecord(key, value, timestamp, topic, partition, offset, new RecordHeaders(headers));
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt batch store entry", e);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b == null ? -1 : b.length);
    if (b != null) {
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    return n < 0 ? null : in.readNBytes(n);
  }
}
