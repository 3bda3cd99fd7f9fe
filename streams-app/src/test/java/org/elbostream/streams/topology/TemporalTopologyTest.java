package org.elbostream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.kind.LoadedModel;
import org.elbostream.model.kind.ModelKind;
import org.elbostream.model.kind.TemporalGaussianKind;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.testing.BundleFixtures;
import org.elbostream.streams.metrics.ServiceMetrics;
import org.elbostream.streams.reload.ModelHolder;
import org.elbostream.streams.scoring.ScorerFactory;
import org.elbostream.streams.serde.OutputSchemas;
import org.elbostream.streams.serde.SingleObjectCodec;
import org.elbostream.streams.serde.WriterSchemas;
import org.elbostream.streams.testing.Readings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model that reads each record with its key's past, served: every record is scored with the
 * records of its own key before it — across batches, and inside one batch in offset order — newest
 * first, at most the window, a fresh past after a gap; exactly the scores the bundle's own scorer
 * gives with those pasts.
 */
class TemporalTopologyTest {
  private static final double FLOOR = Math.log(0.05 * 0.05);
  private static final int WINDOW = 4;
  private static final long HOUR = 3_600_000L;

  @ParameterizedTest(name = "batch {0}")
  @ValueSource(ints = {1, 5, 8})
  void shouldScoreEachRecordWithItsOwnKeysPastAndStartAfreshAfterAGap(int batch) throws Exception {
    // Records of a key arrive 3 s apart; a 10 s gap rule breaks only at the hour-long hole.
    Architecture.Past past = new Architecture.Past(WINDOW, 10_000L);
    ModelBundle bundle = BundleFixtures.untrained(11, new Architecture(3, List.of(16), FLOOR).withPast(past));
    assertThat(ModelKind.of(bundle)).isEqualTo(TemporalGaussianKind.INSTANCE);
    List<GenericRecord> readings = Readings.records(30, 12);
    for (int i = 18; i < readings.size(); i++) {
      readings.get(i).put("event_time", (Long) readings.get(i).get("event_time") + HOUR);
    }
    // One record out of order: read against its key's past as it stands.
    readings.get(25).put("event_time", (Long) readings.get(25).get("event_time") - 10_000L);

    List<GenericRecord> scores = serve(bundle, readings, batch);

    RecordFeatures features = new RecordFeatures(bundle.featureSpec(), Readings.SCHEMA);
    List<double[]> rows = new ArrayList<>();
    List<List<double[]>> pasts = new ArrayList<>();
    Map<Object, List<double[]>> byKey = new HashMap<>();
    Map<Object, Long> lastTime = new HashMap<>();
    for (GenericRecord r : readings) {
      double[] row = features.row(r);
      Object key = r.get("sensor_id").toString();
      long time = (Long) r.get("event_time");
      List<double[]> before = byKey.computeIfAbsent(key, k -> new ArrayList<>());
      if (lastTime.containsKey(key) && past.breaksBetween(lastTime.get(key), time)) {
        before.clear();
      }
      List<double[]> newestFirst = new ArrayList<>();
      for (int k = before.size() - 1; k >= 0 && newestFirst.size() < WINDOW; k--) {
        newestFirst.add(before.get(k));
      }
      rows.add(row);
      pasts.add(newestFirst);
      before.add(row);
      lastTime.put(key, Math.max(time, lastTime.getOrDefault(key, time)));
    }
    assertThat(pasts.get(0)).isEmpty();
    assertThat(pasts.get(17)).hasSize(WINDOW);
    assertThat(pasts.get(18)).as("the first record after the hour's gap").isEmpty();
    List<RecordScore> expected;
    List<RecordScore> alone;
    try (NDManager manager = NDManager.newBaseManager()) {
      var scorer = LoadedModel.of(bundle, manager).scorer();
      expected = scorer.score(rows, pasts);
      alone = scorer.score(rows);
    }
    assertThat(scores).hasSize(readings.size());
    int differ = 0;
    for (int i = 0; i < rows.size(); i++) {
      assertThat((Double) scores.get(i).get("score")).as("record %d", i)
          .isCloseTo(expected.get(i).score(), within(1e-3));
      differ += Math.abs(expected.get(i).score() - alone.get(i).score()) > 1e-3 ? 1 : 0;
    }
    assertThat(differ).as("records whose past changed their score").isGreaterThan(rows.size() / 2);
  }

  private static List<GenericRecord> serve(ModelBundle bundle, List<GenericRecord> readings, int batch)
      throws Exception {
    ServiceMetrics metrics = new ServiceMetrics(new PrometheusRegistry());
    ModelHolder models = new ModelHolder(ScorerFactory.networks(), new WriterSchemas(), metrics);
    assertThat(models.offer(bundle, "temporal")).isTrue();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "temporal-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    TopologySettings settings = new TopologySettings("in", "imputed", "scores", "alerts", "dlq", batch, 100, 3);
    List<GenericRecord> scores = new ArrayList<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(ScoringTopology.build(settings, models, metrics), props,
        Instant.EPOCH)) {
      var input = driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
      for (GenericRecord r : readings) {
        input.pipeInput(new TestRecord<>("k".getBytes(StandardCharsets.UTF_8), Readings.encode(r),
            Instant.ofEpochMilli((Long) r.get("event_time"))));
      }
      driver.advanceWallClockTime(Duration.ofMillis(200));
      var output = driver.createOutputTopic("scores", new ByteArrayDeserializer(), new ByteArrayDeserializer());
      for (var record : output.readRecordsToList()) {
        scores.add(new SingleObjectCodec(OutputSchemas.SCORE, new WriterSchemas()).decode(record.value()));
      }
    }
    return scores;
  }
}
