package org.elbostream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.incident.IncidentRules;
import org.elbostream.model.testing.BundleFixtures;
import org.elbostream.model.threshold.ThresholdPolicy;
import org.elbostream.streams.metrics.ServiceMetrics;
import org.elbostream.streams.reload.ModelHolder;
import org.elbostream.streams.scoring.ScorerFactory;
import org.elbostream.streams.serde.OutputSchemas;
import org.elbostream.streams.serde.SingleObjectCodec;
import org.elbostream.streams.serde.WriterSchemas;
import org.elbostream.streams.testing.Readings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Incidents and streaming thresholds in the topology, on a scripted series of one key. */
class IncidentTopologyTest {
  private static final long START = 1_700_000_000_000L;
  /** The rules these tests script their series for: one crossing opens, ten records of quiet resolve. */
  private static final IncidentRules ONE_CROSSING = new IncidentRules(1, 1, 10);
  private TopologyTestDriver driver;
  private ServiceMetrics metrics;
  private ModelBundle bundle;

  private void start(TopologySettings.Paging paging) throws Exception {
    bundle = BundleFixtures.untrained(7);
    metrics = new ServiceMetrics(new PrometheusRegistry());
    ModelHolder models = new ModelHolder(ScorerFactory.networks(), new WriterSchemas(), metrics);
    assertThat(models.offer(bundle, "fixture")).isTrue();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "incident-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    TopologySettings settings = new TopologySettings("in", "imputed", "scores", "alerts", "dlq", 4, 100, 3)
        .withPaging(paging);
    driver = new TopologyTestDriver(ScoringTopology.build(settings, models, metrics), props, Instant.EPOCH);
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  /** {@code normal} ordinary readings of key m1 a second apart, with records {@code from..to-1} far off. */
  private void send(int records, int from, int to) {
    TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", new ByteArraySerializer(),
        new ByteArraySerializer());
    List<GenericRecord> readings = Readings.records(records, 11);
    for (int i = 0; i < records; i++) {
      GenericRecord r = readings.get(i);
      r.put("sensor_id", "m1");
      r.put("event_time", START + 1000L * i);
      if (i >= from && i < to) {
        r.put("power_w", 1e5 * (1 + (i - from)));
        r.put("temperature_c", 500.0);
      }
      in.pipeInput(new TestRecord<>("m1".getBytes(StandardCharsets.UTF_8), Readings.encode(r),
          Instant.ofEpochMilli(START + 1000L * i)));
    }
    driver.advanceWallClockTime(Duration.ofMillis(200));
  }

  private List<TestRecord<byte[], byte[]>> incidentRecords() {
    return driver.createOutputTopic("incidents", new ByteArrayDeserializer(), new ByteArrayDeserializer())
        .readRecordsToList();
  }

  private static List<GenericRecord> decoded(List<TestRecord<byte[], byte[]>> records) throws Exception {
    SingleObjectCodec codec = new SingleObjectCodec(OutputSchemas.INCIDENT, new WriterSchemas());
    List<GenericRecord> out = new ArrayList<>();
    for (TestRecord<byte[], byte[]> r : records) {
      out.add(codec.decode(r.value()));
    }
    return out;
  }

  private static List<String> events(List<GenericRecord> incidents) {
    return incidents.stream().map(r -> r.get("event").toString()).toList();
  }

  @Test
  void shouldOpenOnTheFirstCrossingUpdateOnAHigherPeakAndResolveAfterTheQuietPeriod() throws Exception {
    start(new TopologySettings.Paging("incidents", ThresholdPolicy.fixed(), false, ONE_CROSSING,
        600_000, 0));
    // Of these readings only the four pushed far off cross the threshold (record 40 would be the next).
    send(40, 20, 24);
    List<TestRecord<byte[], byte[]>> raw = incidentRecords();
    List<GenericRecord> incidents = decoded(raw);
    assertThat(events(incidents)).containsExactly("OPENED", "UPDATED", "UPDATED", "UPDATED", "RESOLVED");
    GenericRecord opened = incidents.get(0);
    GenericRecord resolved = incidents.get(4);
    assertThat(new String(raw.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("m1");
    assertThat(opened.get("key").toString()).isEqualTo("m1");
    assertThat(opened.get("start_time")).isEqualTo(START + 20_000);
    assertThat(resolved.get("incident_id")).isEqualTo(opened.get("incident_id"));
    assertThat(resolved.get("reason").toString()).isEqualTo("QUIET");
    assertThat(resolved.get("end_time")).as("its last crossing").isEqualTo(START + 23_000);
    assertThat(resolved.get("peak_time")).as("the highest power").isEqualTo(START + 23_000);
    assertThat(resolved.get("records")).isEqualTo(4);
    assertThat(raw.get(4).timestamp()).as("ten seconds of quiet, ten records a second apart")
        .isEqualTo(START + 33_000);
    assertThat((Double) resolved.get("threshold")).isEqualTo(bundle.thresholds().threshold());
    List<?> top = (List<?>) resolved.get("top_fields");
    assertThat(top).hasSize(3);
    List<String> names = top.stream().map(f -> ((GenericRecord) f).get("field").toString()).toList();
    assertThat(names).as("the fields pushed far off").contains("power_w", "temperature_c");
    GenericRecord power = (GenericRecord) top.get(names.indexOf("power_w"));
    assertThat((Double) power.get("observed")).as("at the peak").isEqualTo(4e5);
    assertThat(metrics.incidentsOpen()).isZero();
    assertThat(output("alerts")).as("the record alerts stay").hasSize(4);
  }

  private List<TestRecord<byte[], byte[]>> output(String topic) {
    return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
        .readRecordsToList();
  }

  @Test
  void shouldRateLimitUpdatesInEventTime() throws Exception {
    start(new TopologySettings.Paging("incidents", ThresholdPolicy.fixed(), false, ONE_CROSSING,
        600_000, 60_000));
    send(40, 20, 24);
    assertThat(events(decoded(incidentRecords()))).as("the higher peaks come within a minute: RESOLVED carries them")
        .containsExactly("OPENED", "RESOLVED");
  }

  @Test
  void shouldResolveTheIncidentOfAKeyThatFallsSilent() throws Exception {
    start(new TopologySettings.Paging("incidents", ThresholdPolicy.fixed(), false, ONE_CROSSING,
        5_000, 0));
    send(22, 20, 22);
    List<GenericRecord> before = decoded(incidentRecords());
    assertThat(events(before)).containsExactly("OPENED", "UPDATED");
    assertThat(metrics.incidentsOpen()).isEqualTo(1);
    driver.advanceWallClockTime(Duration.ofSeconds(6));
    List<GenericRecord> after = decoded(incidentRecords());
    assertThat(events(after)).containsExactly("RESOLVED");
    assertThat(after.get(0).get("reason").toString()).isEqualTo("SILENT");
    assertThat(after.get(0).get("incident_id")).isEqualTo(before.get(0).get("incident_id"));
    assertThat(metrics.incidentsOpen()).isZero();
    driver.advanceWallClockTime(Duration.ofSeconds(6));
    assertThat(incidentRecords()).as("resolved once").isEmpty();
  }

  @Test
  void shouldStampTheStreamingThresholdEachScoreWasJudgedBy() throws Exception {
    start(new TopologySettings.Paging("incidents", new ThresholdPolicy(ThresholdPolicy.Mode.SPOT, Double.NaN, 0.98, 1, 500, 50), false, ONE_CROSSING,
        600_000, 0));
    send(400, 400, 400);
    SingleObjectCodec codec = new SingleObjectCodec(OutputSchemas.SCORE, new WriterSchemas());
    List<Double> thresholds = new ArrayList<>();
    for (TestRecord<byte[], byte[]> r : output("scores")) {
      GenericRecord s = codec.decode(r.value());
      thresholds.add((Double) s.get("threshold"));
      assertThat(s.get("anomaly")).isEqualTo((Double) s.get("score") > (Double) s.get("threshold"));
    }
    assertThat(thresholds).hasSize(400);
    assertThat(thresholds.get(0)).as("SPOT starts where the calibration put it")
        .isCloseTo(bundle.thresholds().threshold(), within(1e-9));
    assertThat(thresholds.stream().distinct().count()).as("and moves with the stream").isGreaterThan(1);
    assertThat(driver.getKeyValueStore(TopologySettings.THRESHOLD_STORE).get(bundle.version()))
        .as("its state is kept").isNotNull();
  }
}
