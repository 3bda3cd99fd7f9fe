package org.elbostream.streams.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** The fixed schemas of the scores, alerts and incidents topics, as shipped in the schemas module. */
public final class OutputSchemas {
  public static final Schema SCORE = load("AnomalyScore");
  public static final Schema ALERT = load("AnomalyAlert");
  public static final Schema INCIDENT = load("AnomalyIncident");
  /** The example input schema the demo and benchmark produce. */
  public static final Schema SENSOR_READING = load("SensorReading");

  private OutputSchemas() {}

  private static Schema load(String name) {
    String path = "/schemas/" + name + ".avsc";
    try (InputStream in = OutputSchemas.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the class path (the schemas module)");
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(path, e);
    }
  }
}
