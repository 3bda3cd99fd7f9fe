package org.elbostream.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.elbostream.streams.testing.Readings;
import org.junit.jupiter.api.Test;

/** Every way a reading's bytes can be broken ends in a DecodeException that names the reason. */
class SingleObjectCodecTest {
  private final SingleObjectCodec codec = new SingleObjectCodec(Readings.SCHEMA, new WriterSchemas());

  private static GenericRecord reading() {
    GenericRecord r = Readings.records(1, 3).get(0);
    Object mode = r.get("mode");
    assertThat(mode).as("the last field is the enum, so its index is the last byte").isNotNull();
    return r;
  }

  private DeadLetterReason reasonOf(byte[] bytes) {
    DecodeException e = catchThrowableOfType(DecodeException.class, () -> codec.decode(bytes));
    assertThat(e).as("%s decoded", bytes == null ? "null" : bytes.length + " bytes").isNotNull();
    assertThat(e.getMessage()).isNotBlank();
    return e.reason();
  }

  @Test
  void shouldDecodeAnIntactReading() throws Exception {
    GenericRecord r = reading();
    assertThat(codec.decode(Readings.encode(r))).isEqualTo(r);
  }

  @Test
  void shouldRefuseTheReadingCutShortAtEveryLength() {
    byte[] whole = Readings.encode(reading());
    for (int length = 0; length < whole.length; length++) {
      assertThat(reasonOf(Arrays.copyOf(whole, length))).as("cut to %d of %d bytes", length, whole.length)
          .isEqualTo(DeadLetterReason.UNDECODABLE);
    }
  }

  @Test
  void shouldRefuseBytesAfterTheBody() {
    byte[] whole = Readings.encode(reading());
    for (int extra : new int[] {1, 7, 100_000}) {
      assertThat(reasonOf(Arrays.copyOf(whole, whole.length + extra))).isEqualTo(DeadLetterReason.UNDECODABLE);
    }
  }

  @Test
  void shouldRefuseABrokenMarkerAnUnknownFingerprintAndNothing() {
    byte[] whole = Readings.encode(reading());
    for (int at = 0; at < 2; at++) {
      byte[] flipped = whole.clone();
      flipped[at] ^= (byte) 0x5A;
      assertThat(reasonOf(flipped)).isEqualTo(DeadLetterReason.UNDECODABLE);
    }
    for (int at = 2; at < 10; at++) {
      byte[] flipped = whole.clone();
      flipped[at] ^= (byte) 0x01;
      assertThat(reasonOf(flipped)).as("fingerprint byte %d", at).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
    }
    assertThat(reasonOf(new byte[0])).isEqualTo(DeadLetterReason.UNDECODABLE);
    assertThat(reasonOf(null)).isEqualTo(DeadLetterReason.UNDECODABLE);
  }

  @Test
  void shouldRefuseAnEnumIndexBeyondTheSymbols() {
    GenericRecord r = reading();
    r.put("mode", new GenericData.EnumSymbol(Readings.SCHEMA.getField("mode").schema().getTypes().get(1), "IDLE"));
    byte[] bytes = Readings.encode(r);
    assertThat(bytes[bytes.length - 1]).as("zig-zag 0, IDLE").isEqualTo((byte) 0);
    for (int index : new int[] {3, 60, -1}) {
      bytes[bytes.length - 1] = (byte) ((index << 1) ^ (index >> 31)); // zig-zag, one byte for these
      assertThat(reasonOf(bytes)).as("enum index %d", index).isEqualTo(DeadLetterReason.UNDECODABLE);
    }
  }
}
