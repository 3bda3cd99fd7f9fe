package org.elbostream.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.model.testing.BundleFixtures;
import org.elbostream.streams.ScoringService;
import org.elbostream.streams.config.ServiceConfig;
import org.elbostream.streams.embedded.EmbeddedKafka;
import org.elbostream.streams.scoring.ScorerFactory;
import org.elbostream.streams.serde.OutputSchemas;
import org.elbostream.streams.serde.SingleObjectCodec;
import org.elbostream.streams.serde.WriterSchemas;
import org.elbostream.streams.testing.Readings;
import org.elbostream.streams.testing.TestSettings;
import org.elbostream.streams.testing.TopicReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away under steady load and comes back, or one of three does and its partitions'
 * leaders move: under exactly-once, a read_committed reader finds every input scored exactly once,
 * and the service carried on without a restart.
 */
@Tag("integration")
class BrokerBounceTest {
  /** 20 s of records: the broker is away for about half of it, a quarter of the way in. */
  private static final int RECORDS = 8000;
  private static final int PER_SECOND = 400;

  @TempDir
  Path dir;

  @Test
  void shouldScoreEveryInputExactlyOnceAcrossABrokerRestart() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(null)) {
      underLoad(kafka, "bounce", () -> kafka.bounce(0, Duration.ofSeconds(3)));
    }
  }

  @Test
  void shouldScoreEveryInputExactlyOnceWhenTheLeadersMoveInAThreeBrokerCluster() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(null, 3)) {
      underLoad(kafka, "leaders", () -> {
        int leader;
        try (Admin admin = kafka.admin()) {
          leader = admin.describeTopics(List.of("leaders-in")).allTopicNames().get().get("leaders-in").partitions()
              .get(0).leader().id();
        }
        kafka.bounce(leader, Duration.ofSeconds(3));
        try (Admin admin = kafka.admin()) {
          int now = admin.describeTopics(List.of("leaders-in")).allTopicNames().get().get("leaders-in").partitions()
              .get(0).leader().id();
          System.out.printf("partition 0's leader: broker %d, then broker %d while it was away%n", leader, now);
        }
      });
    }
  }

  @FunctionalInterface
  private interface Disruption {
    void run() throws Exception;
  }

  /**
   * The service on {@code app}-in while records flow at a steady rate; a quarter of the way in,
   * {@code disruption}; then every input must come out scored exactly once.
   */
  private void underLoad(EmbeddedKafka kafka, String app, Disruption disruption) throws Exception {
    ModelBundle bundle = BundleFixtures.untrained(5);
    Path model = dir.resolve(app + "-model");
    BundleFormat.write(bundle, model);
    Map<String, Object> p = TestSettings.service(app, dir.resolve(app + "-state"), model, 32);
    p.put("bootstrap.servers", kafka.bootstrapServers());
    kafka.createTopic(app + "-in", 2);
    List<GenericRecord> readings = Readings.records(RECORDS, 9);
    try (ScoringService service = ScoringService.start(new ServiceConfig(p), ScorerFactory.networks())) {
      assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
      AtomicInteger sent = new AtomicInteger();
      AtomicReference<Exception> failed = new AtomicReference<>();
      Thread producer = new Thread(() -> {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000, ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> out = new KafkaProducer<>(props, new ByteArraySerializer(),
            new ByteArraySerializer())) {
          long start = System.nanoTime();
          for (int i = 0; i < RECORDS; i++) {
            out.send(new ProducerRecord<>(app + "-in", ("m" + i % 8).getBytes(StandardCharsets.UTF_8),
                Readings.encode(readings.get(i))), (meta, e) -> {
                  if (e != null) {
                    failed.compareAndSet(null, e);
                  }
                });
            sent.incrementAndGet();
            long due = start + (long) ((i + 1) * 1e9 / PER_SECOND);
            long wait = due - System.nanoTime();
            if (wait > 0) {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
          }
        } catch (Exception e) {
          failed.compareAndSet(null, e);
        }
      }, app + "-producer");
      producer.start();
      while (sent.get() < RECORDS / 4) {
        Thread.sleep(50);
      }
      long down = System.nanoTime();
      disruption.run();
      long up = System.nanoTime();
      // As many scores as records sent before the broker came back, and one more: the service is through.
      int after = sent.get();
      TopicReader.readUntil(kafka.bootstrapServers(), app + "-scores", r -> r.size() >= Math.min(after + 1, RECORDS),
          Duration.ofSeconds(120));
      long recovered = System.nanoTime();
      System.out.printf("%s: broker away for %.1f s; the %d records sent by then scored %.1f s after it was back%n",
          app, (up - down) / 1e9, after, (recovered - up) / 1e9);
      producer.join();
      assertThat(failed.get()).as("the producer rode it out").isNull();
      List<ConsumerRecord<byte[], byte[]>> scores = TopicReader.readUntil(kafka.bootstrapServers(), app + "-scores",
          r -> r.size() >= RECORDS, Duration.ofSeconds(120));
      Set<String> seen = new HashSet<>();
      SingleObjectCodec codec = new SingleObjectCodec(OutputSchemas.SCORE, new WriterSchemas());
      for (ConsumerRecord<byte[], byte[]> r : scores) {
        GenericRecord s = codec.decode(r.value());
        assertThat(seen.add(s.get("source_partition") + "@" + s.get("source_offset"))).as("scored once").isTrue();
      }
      assertThat(seen).hasSize(RECORDS);
      assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(service.metrics().streamThreadReplacements()).as("no stream thread died").isZero();
    }
  }
}
