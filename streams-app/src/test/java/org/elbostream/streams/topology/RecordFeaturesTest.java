package org.elbostream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.feature.FieldRole;
import org.junit.jupiter.api.Test;

class RecordFeaturesTest {
  /** A model trained on a CSV with a time column gets its times as text: read as the trainer read them. */
  @Test
  void shouldReadATextTimeAsTheTrainerDoesAndFallBackToTheKafkaTimestamp() {
    FeatureSpec spec = FeatureSpec.fromColumnNames(List.of("ts", "x"), Map.of("ts", FieldRole.TIMESTAMP));
    var schema = spec.toAvroSchema("Row", "test");
    RecordFeatures features = new RecordFeatures(spec, schema);
    GenericData.Record r = new GenericData.Record(schema);
    r.put("x", 1.0);
    r.put("ts", "2024-03-01 12:00:00");
    assertThat(features.eventTime(r, 7)).isEqualTo(1_709_294_400_000L);
    r.put("ts", "1709294400000");
    assertThat(features.eventTime(r, 7)).isEqualTo(1_709_294_400_000L);
    r.put("ts", "yesterday");
    assertThat(features.eventTime(r, 7)).isEqualTo(7);
    r.put("ts", null);
    assertThat(features.eventTime(r, 7)).isEqualTo(7);
  }
}
