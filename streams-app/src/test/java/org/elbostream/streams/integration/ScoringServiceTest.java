package org.elbostream.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.model.testing.BundleFixtures;
import org.elbostream.streams.ScoringService;
import org.elbostream.streams.config.ServiceConfig;
import org.elbostream.streams.embedded.EmbeddedKafka;
import org.elbostream.streams.reload.ModelsTopic;
import org.elbostream.streams.scoring.ScorerFactory;
import org.elbostream.streams.serde.DeadLetterReason;
import org.elbostream.streams.serde.OutputSchemas;
import org.elbostream.streams.serde.SingleObjectCodec;
import org.elbostream.streams.serde.WriterSchemas;
import org.elbostream.streams.testing.Readings;
import org.elbostream.streams.testing.TestSettings;
import org.elbostream.streams.testing.TopicReader;
import org.elbostream.streams.topology.OutputHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service against a real broker, under exactly-once, as a downstream consumer sees it. */
@Tag("integration")
class ScoringServiceTest {
  private static EmbeddedKafka kafka;
  @TempDir
  static Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = EmbeddedKafka.start(null);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    kafka.close();
  }

  private static ServiceConfig config(String app, Path model, int batch) {
    return config(app, model, batch, Map.of());
  }

  private static ServiceConfig config(String app, Path model, int batch, Map<String, Object> extra) {
    Map<String, Object> p = TestSettings.service(app, dir.resolve(app + "-state"), model, batch);
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.putAll(extra);
    return new ServiceConfig(p);
  }

  private static Path bundleDir(ModelBundle bundle) throws Exception {
    Path d = dir.resolve("model-" + bundle.version());
    BundleFormat.write(bundle, d);
    return d;
  }

  private static void produce(String topic, List<byte[]> values) {
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] v : values) {
        p.send(new ProducerRecord<>(topic, "m".getBytes(StandardCharsets.UTF_8), v));
      }
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int atLeast) {
    return TopicReader.readUntil(kafka.bootstrapServers(), topic, r -> r.size() >= atLeast, Duration.ofSeconds(60));
  }

  @Test
  void shouldScoreEveryRecordExactlyOnceAndDeadLetterTheBadOnes() throws Exception {
    ModelBundle bundle = BundleFixtures.untrained(11);
    ServiceConfig config = config("once", bundleDir(bundle), 16);
    kafka.createTopic("once-in", 2);
    List<byte[]> values = new ArrayList<>();
    int bad = 0;
    for (GenericRecord r : Readings.records(300, 4)) {
      values.add(Readings.encode(r));
      if (values.size() % 50 == 0) {
        values.add("not avro".getBytes(StandardCharsets.UTF_8));
        bad++;
      }
    }
    produce("once-in", values);
    try (ScoringService service = ScoringService.start(config, ScorerFactory.networks())) {
      assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
      var scores = read("once-scores", values.size() - bad);
      var dead = read("once-dlq", bad);
      Set<String> seen = new HashSet<>();
      int anomalies = 0;
      SingleObjectCodec codec = new SingleObjectCodec(OutputSchemas.SCORE, new WriterSchemas());
      for (var r : scores) {
        GenericRecord s = codec.decode(r.value());
        assertThat(seen.add(s.get("source_partition") + "@" + s.get("source_offset"))).as("scored once").isTrue();
        anomalies += (Boolean) s.get("anomaly") ? 1 : 0;
        assertThat(s.get("model_version").toString()).isEqualTo(bundle.version());
      }
      for (var r : dead) {
        String origin = header(r, OutputHeaders.ERROR_PARTITION) + "@" + header(r, OutputHeaders.ERROR_OFFSET);
        assertThat(seen.add(origin)).as("dead-lettered once, never also scored").isTrue();
      }
      assertThat(seen).hasSize(values.size());
      assertThat(read("once-alerts", anomalies)).hasSize(anomalies);
      assertThat(read("once-imputed", values.size() - bad)).hasSize(values.size() - bad);

      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + service.metricsPort();
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      String scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(scrape).contains("elbostream_dead_letters_total{reason=\"undecodable\"} " + bad + ".0")
          .contains("elbostream_model_info{").contains("jvm_memory_used_bytes")
          .contains("elbostream_consumer_lag_records").contains("kafka_stream_thread_metrics");
      assertThat(metricNamesUsedIn(Path.of("..", "k8s", "base", "prometheusrule.yaml"), Path.of("..", "k8s", "base",
          "dashboard.json"))).isNotEmpty().allSatisfy(name -> assertThat(exported(scrape, name))
              .as("%s, used by an alert rule or the dashboard, is in a real scrape", name).isTrue());
    }
  }

  /** Metric names the Kubernetes alert rules and the Grafana dashboard query. */
  private static Set<String> metricNamesUsedIn(Path... files) throws IOException {
    Set<String> names = new java.util.TreeSet<>();
    for (Path file : files) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b((?:elbostream|jvm|process|kafka)_[a-z_]+)\\b")
          .matcher(Files.readString(file));
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** A sample of the metric, or its declaration (a labelled metric with no sample yet is declared). */
  private static boolean exported(String scrape, String name) {
    String family = name.replaceAll("_(bucket|sum|count|total)$", "");
    return java.util.regex.Pattern.compile("(?m)^(" + name + "[{ ]|# TYPE " + family + "(_total)? )").matcher(scrape).find();
  }

  @Test
  void shouldSwapModelsUnderLoadLosingNothingAndRefuseACorruptBundle() throws Exception {
    ModelBundle first = BundleFixtures.untrained(21);
    ModelBundle second = BundleFixtures.untrained(22);
    ServiceConfig config = config("swap", bundleDir(first), 32);
    kafka.createTopic("swap-in", 1);
    List<byte[]> values = Readings.records(4000, 9).stream().map(Readings::encode).toList();
    try (ScoringService service = ScoringService.start(config, ScorerFactory.networks())) {
      assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
      produce("swap-in", values.subList(0, 2000));
      ModelsTopic.publish(config.clientProperties(), "swap-models", "swap", second);
      byte[] corrupt = BundleFormat.toArchive(first);
      corrupt[corrupt.length / 2] ^= 0x11;
      try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
          kafka.bootstrapServers()), new org.apache.kafka.common.serialization.StringSerializer(), new ByteArraySerializer())) {
        p.send(new ProducerRecord<>("swap-models", "swap", corrupt)).get();
      }
      produce("swap-in", values.subList(2000, values.size()));

      var scores = read("swap-scores", values.size());
      assertThat(scores).hasSize(values.size());
      SingleObjectCodec codec = new SingleObjectCodec(OutputSchemas.SCORE, new WriterSchemas());
      Set<Long> offsets = new HashSet<>();
      Set<String> versions = new HashSet<>();
      for (var r : scores) {
        GenericRecord s = codec.decode(r.value());
        offsets.add((Long) s.get("source_offset"));
        versions.add(s.get("model_version").toString());
        assertThat(r.headers().lastHeader(OutputHeaders.MODEL_VERSION)).as("the value names the model").isNull();
      }
      assertThat(offsets).hasSize(values.size());
      assertThat(versions).isSubsetOf(first.version(), second.version()).contains(second.version());
      assertThat(service.models().current().version()).isEqualTo(second.version());
      assertThat(service.metrics().modelRejections()).isEqualTo(1);
    }
  }

  @Test
  void shouldDeadLetterEveryKindOfBadInputAndNeverRestart() throws Exception {
    // A writer schema the service knows (from elbostream.schemas.dir) whose power_w is a string.
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : Readings.SCHEMA.getFields()) {
      fields.add(new Schema.Field(f, f.name().equals("power_w") ? Schema.create(Schema.Type.STRING) : f.schema()));
    }
    Schema wrongType = Schema.createRecord(Readings.SCHEMA.getName(), null, Readings.SCHEMA.getNamespace(), false,
        fields);
    Path schemas = Files.createDirectories(dir.resolve("bad-schemas"));
    Files.writeString(schemas.resolve("wrong-type.avsc"), wrongType.toString(true));
    ServiceConfig config = config("bad", bundleDir(BundleFixtures.untrained(41)), 64,
        Map.of(ServiceConfig.SCHEMAS_DIR, schemas.toString()));
    kafka.createTopic("bad-in", 2);

    SplittableRandom random = new SplittableRandom(5);
    List<GenericRecord> valid = Readings.records(2000, 12);
    List<byte[]> values = new ArrayList<>(valid.stream().map(Readings::encode).toList());
    Map<String, Integer> expected = new HashMap<>();
    List<byte[]> bad = new ArrayList<>();
    for (int i = 0; i < 20; i++) { // 1 % garbage bytes
      byte[] garbage = new byte[1 + random.nextInt(64)];
      random.nextBytes(garbage);
      garbage[0] = (byte) (garbage[0] == (byte) 0xC3 ? 0 : garbage[0]);
      bad.add(garbage);
      expected.merge(DeadLetterReason.UNDECODABLE.label(), 1, Integer::sum);
    }
    bad.add(null); // a tombstone is not a reading either
    expected.merge(DeadLetterReason.UNDECODABLE.label(), 1, Integer::sum);
    for (int i = 0; i < 10; i++) { // a fingerprint no schema has
      byte[] unknown = Readings.encode(valid.get(i)).clone();
      for (int b = 2; b < 10; b++) {
        unknown[b] = (byte) random.nextInt(256);
      }
      bad.add(unknown);
      expected.merge(DeadLetterReason.UNKNOWN_SCHEMA.label(), 1, Integer::sum);
    }
    for (int i = 0; i < 24; i++) { // NaN and infinities in double and float fields
      GenericData.Record r = new GenericData.Record((GenericData.Record) valid.get(i), true);
      switch (i % 3) {
        case 0 -> r.put("temperature_c", Double.NaN);
        case 1 -> r.put("pressure_kpa", Double.POSITIVE_INFINITY);
        default -> r.put("vibration_rms", Float.NEGATIVE_INFINITY);
      }
      bad.add(Readings.encode(r));
      expected.merge(DeadLetterReason.INVALID_VALUE.label(), 1, Integer::sum);
    }
    for (int i = 0; i < 10; i++) { // a known writer schema whose field has the wrong type
      GenericData.Record r = new GenericData.Record(wrongType);
      for (Schema.Field f : Readings.SCHEMA.getFields()) {
        r.put(f.name(), valid.get(i).get(f.name()));
      }
      r.put("power_w", "a lot");
      bad.add(SingleObjectCodec.writerOnly(wrongType).encode(r));
      expected.merge(DeadLetterReason.INCOMPATIBLE_SCHEMA.label(), 1, Integer::sum);
    }
    for (byte[] b : bad) {
      values.add(random.nextInt(values.size() + 1), b);
    }
    produce("bad-in", values);

    try (ScoringService service = ScoringService.start(config, ScorerFactory.networks())) {
      assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
      var scores = read("bad-scores", valid.size());
      var dead = read("bad-dlq", bad.size());
      assertThat(scores).hasSize(valid.size());
      assertThat(dead).hasSize(bad.size());

      Set<String> seen = new HashSet<>();
      SingleObjectCodec codec = new SingleObjectCodec(OutputSchemas.SCORE, new WriterSchemas());
      for (var r : scores) {
        GenericRecord s = codec.decode(r.value());
        assertThat(seen.add(s.get("source_partition") + "@" + s.get("source_offset"))).isTrue();
        assertThat((Double) s.get("score")).isFinite();
        assertThat((Double) s.get("kl")).isFinite();
        for (Object c : (List<?>) s.get("contributions")) {
          assertThat((Float) c).isFinite();
        }
        for (Object i : (List<?>) s.get("imputed")) {
          assertThat((Double) ((GenericRecord) i).get("value")).isFinite();
        }
      }
      Map<String, Integer> reasons = new HashMap<>();
      for (var r : dead) {
        assertThat(seen.add(header(r, OutputHeaders.ERROR_PARTITION) + "@" + header(r, OutputHeaders.ERROR_OFFSET)))
            .as("each input once, either scored or dead-lettered").isTrue();
        assertThat(header(r, OutputHeaders.ERROR_MESSAGE)).isNotBlank();
        assertThat(header(r, OutputHeaders.ERROR_TOPIC)).isEqualTo("bad-in");
        reasons.merge(header(r, OutputHeaders.DEAD_LETTER_REASON), 1, Integer::sum);
      }
      assertThat(seen).hasSize(values.size());
      assertThat(reasons).isEqualTo(expected);
      assertThat(service.metrics().deadLetters()).isEqualTo(bad.size());
      assertThat(service.metrics().streamThreadReplacements()).as("no stream thread died").isZero();
      assertThat(service.state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
