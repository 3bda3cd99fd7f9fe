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
import org.junit.jupiter.api.Test;
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

  /**
   * Hot swaps under a running stream: a window of 3, then of 6 (the store has kept 3 per key, so
   * the wider model reads what there is and its past grows), then a model that reads records alone
   * (the store stays current), then the window of 3 again, which finds its keys' pasts intact.
   */
  @Test
  void shouldSwapBetweenWindowsAndKindsWithoutLosingAKeysPast() throws Exception {
    ModelBundle three = BundleFixtures.untrained(21, new Architecture(3, List.of(16), FLOOR)
        .withPast(new Architecture.Past(3, null)));
    ModelBundle six = BundleFixtures.untrained(22, new Architecture(3, List.of(16), FLOOR)
        .withPast(new Architecture.Past(6, null)));
    ModelBundle alone = BundleFixtures.untrained(23, new Architecture(3, List.of(16), FLOOR));
    List<ModelBundle> served = List.of(three, six, alone, three);
    List<GenericRecord> readings = Readings.records(48, 13);
    int per = readings.size() / served.size();

    ServiceMetrics metrics = new ServiceMetrics(new PrometheusRegistry());
    ModelHolder models = new ModelHolder(ScorerFactory.networks(), new WriterSchemas(), metrics);
    assertThat(models.offer(three, "three")).isTrue();
    List<GenericRecord> scores = new ArrayList<>();
    try (TopologyTestDriver driver = driver(models, metrics, 1)) {
      var input = driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
      var output = driver.createOutputTopic("scores", new ByteArrayDeserializer(), new ByteArrayDeserializer());
      for (int part = 0; part < served.size(); part++) {
        if (part > 0) {
          assertThat(models.offer(served.get(part), "model " + part)).isTrue();
        }
        for (GenericRecord r : readings.subList(part * per, (part + 1) * per)) {
          input.pipeInput(new TestRecord<>("k".getBytes(StandardCharsets.UTF_8), Readings.encode(r),
              Instant.ofEpochMilli((Long) r.get("event_time"))));
        }
        for (var record : output.readRecordsToList()) {
          scores.add(new SingleObjectCodec(OutputSchemas.SCORE, new WriterSchemas()).decode(record.value()));
        }
      }
    }
    assertThat(scores).hasSize(readings.size());

    RecordFeatures features = new RecordFeatures(three.featureSpec(), Readings.SCHEMA);
    Map<Object, List<double[]>> stored = new HashMap<>();
    int keep = 0;
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int i = 0; i < readings.size(); i++) {
        ModelBundle model = served.get(i / per);
        int window = model.manifest().architecture().pastRecords();
        keep = Math.max(keep, window);
        double[] row = features.row(readings.get(i));
        List<double[]> before = stored.computeIfAbsent(readings.get(i).get("sensor_id").toString(),
            k -> new ArrayList<>());
        List<double[]> past = new ArrayList<>();
        for (int k = before.size() - 1; k >= 0 && past.size() < window; k--) {
          past.add(before.get(k));
        }
        double want = LoadedModel.of(model, manager).scorer().score(List.of(row), List.of(past)).get(0).score();
        assertThat((Double) scores.get(i).get("score")).as("record %d under model %d", i, i / per)
            .isCloseTo(want, within(1e-3));
        assertThat(scores.get(i).get("model_version").toString()).isEqualTo(model.version());
        before.add(row);
        while (before.size() > keep) {
          before.remove(0);
        }
      }
    }
  }

  private static TopologyTestDriver driver(ModelHolder models, ServiceMetrics metrics, int batch) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "temporal-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    TopologySettings settings = new TopologySettings("in", "imputed", "scores", "alerts", "dlq", batch, 100, 3);
    return new TopologyTestDriver(ScoringTopology.build(settings, models, metrics), props, Instant.EPOCH);
  }

  private static List<GenericRecord> serve(ModelBundle bundle, List<GenericRecord> readings, int batch)
      throws Exception {
    ServiceMetrics metrics = new ServiceMetrics(new PrometheusRegistry());
    ModelHolder models = new ModelHolder(ScorerFactory.networks(), new WriterSchemas(), metrics);
    assertThat(models.offer(bundle, "temporal")).isTrue();
    List<GenericRecord> scores = new ArrayList<>();
    try (TopologyTestDriver driver = driver(models, metrics, batch)) {
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
