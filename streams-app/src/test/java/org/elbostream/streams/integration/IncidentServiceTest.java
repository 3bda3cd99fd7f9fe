package org.elbostream.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Incidents against a real broker under exactly-once, as on-call's consumer reads them: one key's
 * burst opens and resolves after its quiet period; another key's burst is followed by silence and
 * resolved by the wall-clock punctuation.
 */
@Tag("integration")
class IncidentServiceTest {
  private static final long START = 1_700_000_000_000L;
  @TempDir
  Path dir;

  @Test
  void shouldOpenAndResolveIncidentsAndResolveASilentKeyByPunctuation() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(null)) {
      kafka.createTopic("inc-in", 1);
      ModelBundle bundle = BundleFixtures.untrained(7);
      Path model = dir.resolve("model");
      BundleFormat.write(bundle, model);
      Map<String, Object> p = TestSettings.service("inc", dir.resolve("state"), model, 8);
      p.put("bootstrap.servers", kafka.bootstrapServers());
      p.put(ServiceConfig.THRESHOLD_MODE, "static");
      // The rules the series is scripted for: one crossing opens, ten records of quiet resolve.
      p.put(ServiceConfig.INCIDENT_OPEN_K, "1");
      p.put(ServiceConfig.INCIDENT_OPEN_N, "1");
      p.put(ServiceConfig.INCIDENT_QUIET_RECORDS, "10");
      p.put(ServiceConfig.INCIDENT_SILENCE_MS, "3000");
      ServiceConfig config = new ServiceConfig(p);
      try (ScoringService service = ScoringService.start(config, ScorerFactory.networks())) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
            new ByteArraySerializer())) {
          // m1: a burst at 20-23, then quiet records; m2: a burst at its end, then nothing.
          for (byte[] v : Readings.burst("m1", START, 60, 20, 24)) {
            producer.send(new ProducerRecord<>("inc-in", "m1".getBytes(StandardCharsets.UTF_8), v));
          }
          for (byte[] v : Readings.burst("m2", START, 22, 20, 22)) {
            producer.send(new ProducerRecord<>("inc-in", "m2".getBytes(StandardCharsets.UTF_8), v));
          }
        }
        SingleObjectCodec codec = new SingleObjectCodec(OutputSchemas.INCIDENT, new WriterSchemas());
        List<GenericRecord> events = new ArrayList<>();
        TopicReader.readUntil(kafka.bootstrapServers(), "inc-incidents", records -> {
          events.clear();
          for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
              events.add(codec.decode(r.value()));
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          }
          return events.stream().anyMatch(e -> "SILENT".equals(String.valueOf(e.get("reason"))));
        }, Duration.ofSeconds(60));

        GenericRecord m1 = last(events, "m1");
        assertThat(m1.get("event").toString()).isEqualTo("RESOLVED");
        assertThat(m1.get("reason").toString()).isEqualTo("QUIET");
        assertThat((Long) m1.get("end_time")).as("the burst's last record, or a later crossing").isGreaterThanOrEqualTo(START + 23_000);
        assertThat(opened(events, m1)).as("opened once").isEqualTo(1);

        GenericRecord m2 = last(events, "m2");
        assertThat(m2.get("event").toString()).isEqualTo("RESOLVED");
        assertThat(m2.get("reason").toString()).isEqualTo("SILENT");
        assertThat(m2.get("end_time")).isEqualTo(START + 21_000);
        assertThat(opened(events, m2)).isEqualTo(1);
        assertThat(events.stream().filter(e -> e.get("incident_id").equals(m2.get("incident_id"))
            && "RESOLVED".equals(e.get("event").toString()))).as("resolved once").hasSize(1);
      }
    }
  }

  private static GenericRecord last(List<GenericRecord> events, String key) {
    List<GenericRecord> of = events.stream().filter(e -> key.equals(String.valueOf(e.get("key")))).toList();
    assertThat(of).as("events of " + key).isNotEmpty();
    return of.get(of.size() - 1);
  }

  private static long opened(List<GenericRecord> events, GenericRecord incident) {
    return events.stream().filter(e -> e.get("incident_id").equals(incident.get("incident_id"))
        && "OPENED".equals(e.get("event").toString())).count();
  }
}
