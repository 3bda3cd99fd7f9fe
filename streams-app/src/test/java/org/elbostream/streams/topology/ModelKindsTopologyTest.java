package org.elbostream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.model.kind.LoadedModel;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model kind the trainer makes, read back from its archive and served: the service's scores
 * must be the bundle's own scorer's (the one the trainer calibrated the thresholds with), with the
 * kind's extra outputs, score spread and operating mode, where the kind has them.
 */
class ModelKindsTopologyTest {
  private static final TopologySettings SETTINGS = new TopologySettings("in", "imputed", "scores", "alerts", "dlq",
      8, 100, 3);
  private static final double FLOOR = Math.log(0.05 * 0.05);

  static Stream<Arguments> kinds() throws Exception {
    return Stream.of(
        Arguments.of("vae", BundleFixtures.untrained(3, new Architecture(3, List.of(16), FLOOR))),
        Arguments.of("dlgm diagonal", BundleFixtures.untrained(4,
            Architecture.deep(List.of(3, 2), List.of(16), FLOOR, Architecture.Posterior.DIAGONAL))),
        Arguments.of("dlgm rank-one", BundleFixtures.untrained(5,
            Architecture.deep(List.of(3, 2), List.of(16), FLOOR, Architecture.Posterior.RANK_ONE))),
        Arguments.of("bayesian vae", BundleFixtures.untrained(6, new Architecture(3, List.of(16), FLOOR), 3)),
        Arguments.of("sigmoid belief net", BundleFixtures.untrainedSigmoidBelief(7, List.of(6, 5))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void shouldServeEachModelKindWithTheScoresItsBundleGives(String kind, ModelBundle trained) throws Exception {
    ModelBundle bundle = BundleFormat.fromArchive(BundleFormat.toArchive(trained), kind);
    assertThat(bundle.version()).isEqualTo(trained.version());
    PrometheusRegistry registry = new PrometheusRegistry();
    ServiceMetrics metrics = new ServiceMetrics(registry);
    ModelHolder models = new ModelHolder(ScorerFactory.networks(), new WriterSchemas(), metrics);
    assertThat(models.offer(bundle, kind)).isTrue();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "model-kinds-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    List<GenericRecord> readings = Readings.records(24, 9);
    List<GenericRecord> scores = new ArrayList<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(ScoringTopology.build(SETTINGS, models, metrics), props,
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
    assertThat(scores).hasSize(readings.size());

    RecordFeatures features = new RecordFeatures(bundle.featureSpec(), Readings.SCHEMA);
    List<double[]> rows = new ArrayList<>();
    for (GenericRecord r : readings) {
      rows.add(features.row(r));
    }
    List<RecordScore> expected;
    try (NDManager manager = NDManager.newBaseManager()) {
      expected = LoadedModel.of(bundle, manager).scorer().score(rows);
    }
    for (int i = 0; i < rows.size(); i++) {
      GenericRecord got = scores.get(i);
      RecordScore want = expected.get(i);
      assertThat((Double) got.get("score")).as("%s record %d", kind, i).isCloseTo(want.score(), within(1e-3));
      assertThat((Double) got.get("kl")).isCloseTo(want.kl(), within(1e-3));
      if (Double.isNaN(want.scoreStd())) {
        assertThat(got.get("score_std")).isNull();
      } else {
        assertThat((Double) got.get("score_std")).isPositive().isCloseTo(want.scoreStd(), within(1e-3));
      }
      if (want.mode() == null) {
        assertThat(got.get("operating_mode")).isNull();
      } else {
        assertThat(((List<?>) got.get("operating_mode")).stream().map(Object::toString).toList())
            .isEqualTo(want.mode()).hasSize(2);
        assertThat(want.mode().get(0)).hasSize(2).matches("[0-9a-f]+"); // 6 units: 2 hex digits
      }
    }
    boolean bayesian = bundle.manifest().weightSamples() != null;
    boolean binary = bundle.manifest().architecture().units() == Architecture.Latent.BERNOULLI;
    assertThat(bayesian).isEqualTo(kind.startsWith("bayesian"));
    long spreads = registry.scrape().stream().filter(m -> m.getMetadata().getPrometheusName().equals("elbostream_score_std_nats"))
        .mapToLong(m -> ((io.prometheus.metrics.model.snapshots.HistogramSnapshot) m).getDataPoints().get(0).getCount())
        .sum();
    assertThat(spreads).as("score spreads observed").isEqualTo(bayesian ? readings.size() : 0);
    assertThat(binary).isEqualTo(kind.startsWith("sigmoid"));
  }
}
