package org.elbostream.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.model.testing.BundleFixtures;
import org.elbostream.streams.ScoringService;
import org.elbostream.streams.config.ServiceConfig;
import org.elbostream.streams.embedded.SecureEmbeddedKafka;
import org.elbostream.streams.scoring.ScorerFactory;
import org.elbostream.streams.testing.Readings;
import org.elbostream.streams.testing.TestSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against a broker that speaks only SASL_SSL with SCRAM-SHA-512, configured as on
 * Kubernetes: the password read from a mounted file through Kafka's directory config provider, the
 * broker's certificate as a PEM truststore. With a wrong password, or a truststore that does not
 * hold the broker's certificate, start-up stops at once and says which.
 */
@Tag("integration")
class SaslSslTest {
  @TempDir
  Path dir;

  @Test
  void shouldScoreOverSaslSslAndFailFastOnAWrongPasswordOrAnUntrustedCertificate() throws Exception {
    try (SecureEmbeddedKafka kafka = SecureEmbeddedKafka.start(dir)) {
      kafka.createTopics(List.of("sasl-in"), 2);
      Path model = dir.resolve("model");
      BundleFormat.write(BundleFixtures.untrained(51), model);
      Path secrets = Files.createDirectories(dir.resolve("secrets"));
      Files.writeString(secrets.resolve("kafka-username"), SecureEmbeddedKafka.USER);
      Files.writeString(secrets.resolve("kafka-password"), SecureEmbeddedKafka.PASSWORD);

      List<byte[]> values = Readings.records(200, 5).stream().map(Readings::encode).toList();
      try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(kafka.client(SecureEmbeddedKafka.PASSWORD, kafka.certificate()),
          new ByteArraySerializer(), new ByteArraySerializer())) {
        for (byte[] v : values) {
          p.send(new ProducerRecord<>("sasl-in", "k".getBytes(StandardCharsets.UTF_8), v));
        }
      }
      try (ScoringService service = ScoringService.start(config(kafka, model, secrets, kafka.certificate()),
          ScorerFactory.networks())) {
        assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
        assertThat(read(kafka, "sasl-scores", values.size())).hasSize(values.size());
      }

      Files.writeString(secrets.resolve("kafka-password"), "wrong-secret");
      long start = System.nanoTime();
      assertThatThrownBy(() -> ScoringService.start(config(kafka, model, secrets, kafka.certificate()),
          ScorerFactory.networks())).isInstanceOf(ConfigException.class).hasMessageContaining("cannot log in")
          .hasMessageContaining("sasl.jaas.config").message().doesNotContain("wrong-secret");
      assertThat((System.nanoTime() - start) / 1e9).as("fails fast").isLessThan(30);

      Files.writeString(secrets.resolve("kafka-password"), SecureEmbeddedKafka.PASSWORD);
      Path stranger = dir.resolve("stranger.pem");
      SecureEmbeddedKafka.keytool(dir, "-genkeypair", "-alias", "stranger", "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=stranger", "-validity", "2", "-storetype", "PKCS12", "-keystore",
          dir.resolve("stranger.p12").toString(), "-storepass", "stranger");
      SecureEmbeddedKafka.keytool(dir, "-exportcert", "-rfc", "-alias", "stranger", "-keystore", dir.resolve("stranger.p12")
          .toString(), "-storepass", "stranger", "-file", stranger.toString());
      assertThatThrownBy(() -> ScoringService.start(config(kafka, model, secrets, stranger), ScorerFactory.networks()))
          .isInstanceOf(ConfigException.class).hasMessageContaining("TLS handshake")
          .hasMessageContaining("ssl.truststore.location");
    }
  }

  private ServiceConfig config(SecureEmbeddedKafka kafka, Path model, Path secrets, Path truststore) {
    Map<String, Object> p = TestSettings.service("sasl", dir.resolve("state"), model, 32);
    p.putAll(kafka.serviceSettings(secrets, truststore));
    p.put(ServiceConfig.METRICS_PORT, "-1");
    return new ServiceConfig(p);
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(SecureEmbeddedKafka kafka, String topic, int atLeast) {
    Map<String, Object> props = new HashMap<>(kafka.client(SecureEmbeddedKafka.PASSWORD, kafka.certificate()));
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (out.size() < atLeast && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
