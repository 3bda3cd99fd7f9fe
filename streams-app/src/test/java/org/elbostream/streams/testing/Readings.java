package org.elbostream.streams.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.elbostream.model.testing.BundleFixtures;
import org.elbostream.streams.serde.OutputSchemas;
import org.elbostream.streams.serde.SingleObjectCodec;

/** Example sensor readings as the service receives them. */
public final class Readings {
  public static final Schema SCHEMA = OutputSchemas.SENSOR_READING;
  private static final Schema MODE = SCHEMA.getField("mode").schema().getTypes().get(1);

  private Readings() {}

  /** Records from {@link BundleFixtures#rows}, a field blanked where the row has NaN. */
  public static List<GenericRecord> records(int n, long seed) {
    List<GenericRecord> out = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(seed);
    int i = 0;
    for (double[] row : BundleFixtures.rows(n, seed)) {
      GenericData.Record rec = new GenericData.Record(SCHEMA);
      rec.put("sensor_id", "machine-" + (i % 3));
      rec.put("event_time", 1_700_000_000_000L + 1000L * i);
      rec.put("site", "plant-a");
      rec.put("temperature_c", Double.isNaN(row[0]) ? null : row[0]);
      rec.put("pressure_kpa", Double.isNaN(row[1]) ? null : row[1]);
      rec.put("vibration_rms", r.nextDouble() < 0.1 ? null : (float) row[2]);
      rec.put("fan_rpm", (int) row[3]);
      rec.put("power_w", row[4]);
      rec.put("door_open", row[5] == 1);
      rec.put("mode", new GenericData.EnumSymbol(MODE, MODE.getEnumSymbols().get((int) row[6])));
      out.add(rec);
      i++;
    }
    return out;
  }

  /**
   * {@code records} encoded readings of one {@code key}, a second apart from {@code first}, those
   * in [from, to) far outside anything the fixtures' models have seen: a scripted incident.
   */
  public static List<byte[]> burst(String key, long first, int records, int from, int to) {
    List<GenericRecord> readings = records(records, 11);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      GenericRecord r = readings.get(i);
      r.put("sensor_id", key);
      r.put("event_time", first + 1000L * i);
      if (i >= from && i < to) {
        r.put("power_w", 1e5 * (1 + (i - from)));
        r.put("temperature_c", 500.0);
      }
      out.add(encode(r));
    }
    return out;
  }

  public static byte[] encode(GenericRecord record) {
    return SingleObjectCodec.writerOnly(record.getSchema()).encode(record);
  }
}
