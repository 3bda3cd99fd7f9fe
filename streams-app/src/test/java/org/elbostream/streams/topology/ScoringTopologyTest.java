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
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.imputation.ImputationOptions;
import org.elbostream.model.imputation.Imputer;
import org.elbostream.model.scoring.Screening;
import org.elbostream.model.testing.BundleFixtures;
import org.elbostream.streams.config.Contributions;
import org.elbostream.streams.metrics.ServiceMetrics;
import org.elbostream.streams.reload.ModelHolder;
import org.elbostream.streams.scoring.ScorerFactory;
import org.elbostream.streams.serde.OutputSchemas;
import org.elbostream.streams.serde.SingleObjectCodec;
import org.elbostream.streams.serde.WriterSchemas;
import org.elbostream.streams.testing.Readings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScoringTopologyTest {
  private static final TopologySettings SETTINGS = new TopologySettings("in", "imputed", "scores", "alerts", "dlq",
      8, 100, 3);
  private TopologyTestDriver driver;
  private ServiceMetrics metrics;
  private ModelBundle bundle;

  /** The example schema as an older producer had it: no mode field yet. */
  private static final Schema OLDER = withoutField(Readings.SCHEMA, "mode", "power_w", Schema.create(Schema.Type.DOUBLE));
  /** A producer that sends power_w as text: a wrong type the model cannot read. */
  private static final Schema WRONG_TYPE = withoutField(Readings.SCHEMA, null, "power_w", Schema.create(Schema.Type.STRING));

  private static Schema withoutField(Schema base, String dropped, String retyped, Schema type) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : base.getFields()) {
      if (f.name().equals(dropped)) {
        continue;
      }
      Schema.Field copy = f.name().equals(retyped) ? new Schema.Field(f.name(), type) : new Schema.Field(f, f.schema());
      fields.add(copy);
    }
    return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
  }

  private TopologyTestDriver start(int batchSize) throws Exception {
    return start(batchSize, ScorerFactory.networks());
  }

  private TopologyTestDriver start(int batchSize, ScorerFactory scorers) throws Exception {
    return start(SETTINGS.withBatchSize(batchSize), scorers);
  }

  private TopologyTestDriver start(TopologySettings settings, ScorerFactory scorers) throws Exception {
    bundle = BundleFixtures.untrained(7);
    metrics = new ServiceMetrics(new PrometheusRegistry());
    WriterSchemas writers = new WriterSchemas();
    writers.add(OLDER);
    writers.add(WRONG_TYPE);
    ModelHolder models = new ModelHolder(scorers, writers, metrics);
    assertThat(models.offer(bundle, "fixture")).isTrue();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(ScoringTopology.build(settings, models, metrics), props, Instant.EPOCH);
    return driver;
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private TestInputTopic<byte[], byte[]> input() {
    return driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
  }

  private TestOutputTopic<byte[], byte[]> output(String topic) {
    return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static GenericRecord decode(org.apache.avro.Schema schema, byte[] bytes) throws Exception {
    return new SingleObjectCodec(schema, new WriterSchemas()).decode(bytes);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 8})
  void shouldScoreEveryRecordOnceAndFillEveryMissingField(int batchSize) throws Exception {
    start(batchSize);
    List<GenericRecord> readings = Readings.records(21, 3);
    for (GenericRecord r : readings) {
      input().pipeInput(new TestRecord<>("k".getBytes(StandardCharsets.UTF_8), Readings.encode(r),
          Instant.ofEpochMilli((Long) r.get("event_time"))));
    }
    driver.advanceWallClockTime(Duration.ofMillis(200));

    List<TestRecord<byte[], byte[]>> scores = output("scores").readRecordsToList();
    List<TestRecord<byte[], byte[]>> imputed = output("imputed").readRecordsToList();
    assertThat(scores).hasSize(readings.size());
    assertThat(imputed).hasSize(readings.size());
    int alerts = 0;
    for (int i = 0; i < readings.size(); i++) {
      GenericRecord score = decode(OutputSchemas.SCORE, scores.get(i).value());
      assertThat(score.get("source_offset")).as("per-partition order").isEqualTo((long) i);
      assertThat(scores.get(i).timestamp()).isEqualTo(readings.get(i).get("event_time"));
      assertThat((Double) score.get("score")).isFinite();
      assertThat(score.get("model_version").toString()).isEqualTo(bundle.version());
      alerts += (Boolean) score.get("anomaly") ? 1 : 0;

      GenericRecord in = readings.get(i);
      GenericRecord out = decode(Readings.SCHEMA, imputed.get(i).value());
      List<String> blanks = new ArrayList<>();
      for (String f : List.of("temperature_c", "pressure_kpa", "vibration_rms")) {
        if (in.get(f) == null) {
          blanks.add(f);
        } else {
          assertThat(out.get(f)).as("an observed field is never changed").isEqualTo(in.get(f));
        }
        assertThat(out.get(f)).isNotNull();
      }
      Header header = imputed.get(i).headers().lastHeader(OutputHeaders.IMPUTED);
      assertThat(new String(header.value(), StandardCharsets.UTF_8)).isEqualTo(String.join(",", blanks));
      assertThat(((List<?>) score.get("imputed"))).hasSize(blanks.size());
    }
    assertThat(output("alerts").readRecordsToList()).hasSize(alerts);
    assertThat(output("dlq").isEmpty()).isTrue();
  }

  /** The score records of {@code readings} run through a fresh driver with {@code settings}. */
  private List<GenericRecord> scores(List<GenericRecord> readings, TopologySettings settings, ScorerFactory scorers)
      throws Exception {
    start(settings, scorers);
    for (GenericRecord r : readings) {
      input().pipeInput(null, Readings.encode(r));
    }
    driver.advanceWallClockTime(Duration.ofMillis(200));
    List<GenericRecord> out = new ArrayList<>();
    for (TestRecord<byte[], byte[]> r : output("scores").readRecordsToList()) {
      out.add(decode(OutputSchemas.SCORE, r.value()));
    }
    driver.close();
    driver = null;
    return out;
  }

  private List<GenericRecord> scoresWith(List<GenericRecord> readings, Contributions contributions) throws Exception {
    return scores(readings, SETTINGS.withContributions(contributions), ScorerFactory.networks());
  }

  @Test
  void shouldCarryEveryContributionInFieldOrderOrTheLargestWithTheirPositionsOrNone() throws Exception {
    List<GenericRecord> readings = Readings.records(16, 5);
    List<GenericRecord> all = scoresWith(readings, Contributions.ALL);
    List<GenericRecord> top = scoresWith(readings, Contributions.parse("top:2"));
    List<GenericRecord> none = scoresWith(readings, Contributions.NONE);
    int fields = bundle.featureSpec().featureCount();
    for (int i = 0; i < readings.size(); i++) {
      List<?> every = (List<?>) all.get(i).get("contributions");
      assertThat(all.get(i).get("contribution_fields")).isNull();
      assertThat(every).hasSize(fields);
      double sum = (Double) all.get(i).get("kl");
      for (Object c : every) {
        sum += (Float) c;
      }
      assertThat(sum).as("the fields' shares and the KL make the score").isCloseTo((Double) all.get(i).get("score"),
          org.assertj.core.data.Offset.offset(1e-3 * Math.max(1, Math.abs((Double) all.get(i).get("score")))));

      List<?> positions = (List<?>) top.get(i).get("contribution_fields");
      List<?> largest = (List<?>) top.get(i).get("contributions");
      assertThat(positions).hasSize(2);
      assertThat(largest).hasSize(2);
      List<Float> sorted = every.stream().map(c -> (Float) c).sorted(java.util.Comparator.reverseOrder()).toList();
      for (int k = 0; k < 2; k++) {
        assertThat(largest.get(k)).isEqualTo(every.get((Integer) positions.get(k)));
        assertThat(largest.get(k)).isEqualTo(sorted.get(k));
      }
      assertThat((List<?>) none.get(i).get("contributions")).isEmpty();
      assertThat(none.get(i).get("score")).isEqualTo(all.get(i).get("score"));
    }
  }

  @Test
  void shouldScreenWithTheFirstSamplesAndGiveEveryRecordNearOrOverItsThresholdTheFullCountsScore() throws Exception {
    List<GenericRecord> readings = Readings.records(64, 8);
    List<GenericRecord> full = scores(readings, SETTINGS, ScorerFactory.networks());
    List<GenericRecord> screened = scores(readings, SETTINGS, ScorerFactory.networks(null, null, new Screening(2, 3)));
    int fullCount = bundle.manifest().scoring().samples();
    int kept = 0;
    for (int i = 0; i < readings.size(); i++) {
      GenericRecord s = screened.get(i);
      GenericRecord f = full.get(i);
      assertThat(f.get("samples")).isEqualTo(fullCount);
      if ((Integer) s.get("samples") == 2) {
        kept++;
        assertThat((Double) s.get("score")).as("kept only clearly below the threshold")
            .isLessThan((Double) s.get("threshold"));
        assertThat(s.get("anomaly")).isEqualTo(f.get("anomaly"));
      } else {
        assertThat(s.get("samples")).isEqualTo(fullCount);
        assertThat((Double) s.get("score")).isCloseTo((Double) f.get("score"),
            within(1e-5 * (1 + Math.abs((Double) f.get("score")))));
      }
    }
    assertThat(kept).as("most records sit far below the threshold").isGreaterThan(readings.size() / 2);
  }

  /** The imputed values of the scores of {@code readings} run through a fresh driver. */
  private List<Double> imputedBySampler(List<GenericRecord> readings, int batchSize) throws Exception {
    List<Double> out = new ArrayList<>();
    for (GenericRecord score : scores(readings, SETTINGS.withBatchSize(batchSize),
        ScorerFactory.networks(Imputer.Kind.IMPORTANCE_RESAMPLING, new ImputationOptions(0, 40), Screening.OFF))) {
      for (Object i : (List<?>) score.get("imputed")) {
        GenericRecord field = (GenericRecord) i;
        assertThat((Integer) field.get("samples")).as("effective sample size").isBetween(1, 40);
        assertThat((Double) field.get("value")).isFinite();
        out.add((Double) field.get("value"));
      }
    }
    return out;
  }

  @Test
  void shouldImputeWithTheConfiguredSamplerTheSameOnAReplayInAnyBatch() throws Exception {
    List<GenericRecord> readings = Readings.records(12, 6);
    List<Double> first = imputedBySampler(readings, 8);
    assertThat(first).isNotEmpty();
    // Seeds come from each record's topic, partition and offset: a replay draws the same numbers.
    assertThat(imputedBySampler(readings, 8)).isEqualTo(first);
    // Batched differently, the engine's float32 kernels differ in the last bits, no more.
    List<Double> single = imputedBySampler(readings, 1);
    assertThat(single).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(single.get(i)).isCloseTo(first.get(i), within(1e-5 * (1 + Math.abs(first.get(i)))));
    }
  }

  @Test
  void shouldHoldAPartialBatchUntilItLingersLongEnough() throws Exception {
    start(8);
    for (GenericRecord r : Readings.records(3, 5)) {
      input().pipeInput(null, Readings.encode(r));
    }
    driver.advanceWallClockTime(Duration.ofMillis(20));
    assertThat(output("scores").isEmpty()).isTrue();
    driver.advanceWallClockTime(Duration.ofMillis(100));
    assertThat(output("scores").readRecordsToList()).hasSize(3);
  }

  @Test
  void shouldSendBadRecordsToTheDeadLetterTopicWithTheirErrorAndOrigin() throws Exception {
    start(8);
    GenericRecord nan = Readings.records(1, 1).get(0);
    nan.put("power_w", Double.NaN);
    byte[] unknown = Readings.encode(Readings.records(1, 2).get(0));
    unknown[5] ^= 0x5A;
    byte[] truncated = java.util.Arrays.copyOf(Readings.encode(Readings.records(1, 3).get(0)), 14);
    List<byte[]> bad = List.of("garbage".getBytes(StandardCharsets.UTF_8), unknown, truncated, Readings.encode(nan));
    for (byte[] b : bad) {
      input().pipeInput(null, b);
    }
    driver.advanceWallClockTime(Duration.ofMillis(200));

    List<TestRecord<byte[], byte[]>> dead = output("dlq").readRecordsToList();
    assertThat(dead).hasSize(4);
    assertThat(dead).extracting(r -> reason(r)).containsExactly("undecodable", "unknown-schema", "undecodable",
        "invalid-value");
    for (int i = 0; i < dead.size(); i++) {
      assertThat(dead.get(i).value()).isEqualTo(bad.get(i));
      assertThat(header(dead.get(i), OutputHeaders.ERROR_OFFSET)).isEqualTo(Integer.toString(i));
      assertThat(header(dead.get(i), OutputHeaders.ERROR_TOPIC)).isEqualTo("in");
    }
    assertThat(header(dead.get(3), OutputHeaders.ERROR_MESSAGE)).contains("power_w").contains("NaN");
    assertThat(metrics.deadLetters()).isEqualTo(4);
    assertThat(output("scores").isEmpty()).isTrue();
  }

  @Test
  void shouldReadRecordsOfAnOlderCompatibleSchemaAndRefuseAWrongType() throws Exception {
    start(1);
    GenericRecord current = Readings.records(1, 8).get(0);
    GenericData.Record older = new GenericData.Record(OLDER);
    GenericData.Record wrong = new GenericData.Record(WRONG_TYPE);
    for (Schema.Field f : OLDER.getFields()) {
      older.put(f.name(), current.get(f.name()));
    }
    for (Schema.Field f : WRONG_TYPE.getFields()) {
      wrong.put(f.name(), f.name().equals("power_w") ? "312.5 W" : current.get(f.name()));
    }
    input().pipeInput(null, Readings.encode(older));
    input().pipeInput(null, Readings.encode(wrong));

    List<TestRecord<byte[], byte[]>> imputed = output("imputed").readRecordsToList();
    assertThat(imputed).hasSize(1);
    GenericRecord upgraded = decode(Readings.SCHEMA, imputed.get(0).value());
    assertThat(upgraded.get("mode")).as("a field the old schema lacks is imputed").isNotNull();
    assertThat(upgraded.get("power_w")).isEqualTo(current.get("power_w"));
    assertThat(header(imputed.get(0), OutputHeaders.IMPUTED)).contains("mode");
    List<TestRecord<byte[], byte[]>> dead = output("dlq").readRecordsToList();
    assertThat(dead).extracting(ScoringTopologyTest::reason).containsExactly("incompatible-schema");
    assertThat(header(dead.get(0), OutputHeaders.ERROR_MESSAGE)).contains("power_w");
  }

  private static String reason(TestRecord<byte[], byte[]> r) {
    return header(r, OutputHeaders.DEAD_LETTER_REASON);
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
