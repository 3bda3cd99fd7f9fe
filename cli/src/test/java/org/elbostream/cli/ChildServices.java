package org.elbostream.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elbostream.cli.process.MetricsScrape;
import org.elbostream.cli.process.ServiceProcess;
import org.elbostream.streams.embedded.EmbeddedKafka;
import org.elbostream.streams.testing.TopicReader;

/**
 * {@code elbostream serve} in child JVMs, as separate instances of one application run: started
 * with a properties file, killed with SIGKILL, fed and read through a real broker.
 */
final class ChildServices {
  private ChildServices() {}

  /** A service configuration on topics {@code <app>-in}, {@code <app>-scores}, ... */
  static Path config(Path dir, EmbeddedKafka kafka, Path model, String app, String instance, long lingerMs,
      int metricsPort) throws IOException {
    Path file = dir.resolve(instance + ".properties");
    Files.writeString(file, String.join("\n",
        "bootstrap.servers=" + kafka.bootstrapServers(),
        "application.id=" + app,
        "state.dir=" + dir.resolve("state-" + instance),
        "commit.interval.ms=100",
        // Static membership, as on Kubernetes: a restarted instance takes its partitions back at
        // once instead of waiting for the dead one's session to expire.
        "group.instance.id=" + instance,
        "session.timeout.ms=10000",
        "elbostream.input.topic=" + app + "-in",
        "elbostream.imputed.topic=" + app + "-imputed",
        "elbostream.scores.topic=" + app + "-scores",
        "elbostream.alerts.topic=" + app + "-alerts",
        "elbostream.incidents.topic=" + app + "-incidents",
        "elbostream.dead.letter.topic=" + app + "-dead-letters",
        "elbostream.models.topic=" + app + "-models",
        "elbostream.model.path=" + model,
        "elbostream.batch.size=64",
        "elbostream.batch.linger.ms=" + lingerMs,
        "elbostream.metrics.port=" + metricsPort, ""));
    return file;
  }

  /** {@code elbostream serve} in its own JVM, its output in {@code <name>.log} beside the config. */
  static Process serve(Path config, String name) throws IOException {
    return ServiceProcess.start(config, config.resolveSibling(name + ".log"));
  }

  /** SIGKILL: no shutdown hook, no last commit. */
  static void kill(Process p) throws InterruptedException {
    ServiceProcess.kill(p);
  }

  /** SIGTERM, as Kubernetes stops a pod: the service closes Kafka Streams cleanly. */
  static void stop(Process p) throws InterruptedException {
    ServiceProcess.stop(p);
  }

  /** Sends values[from..to) to {@code topic}, keyed by eight sensors, in paced bursts of 100. */
  static void produce(EmbeddedKafka kafka, String topic, List<byte[]> values, int from, int to, long pauseMs) {
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = from; i < to; i++) {
        p.send(new ProducerRecord<>(topic, ("sensor-" + i % 8).getBytes(StandardCharsets.UTF_8), values.get(i)));
        if (i % 100 == 99) {
          p.flush();
          sleep(pauseMs);
        }
      }
    }
  }

  /** What {@code topic} holds now (read_committed), polling for {@code wait}. */
  static List<ConsumerRecord<byte[], byte[]>> read(EmbeddedKafka kafka, String topic, Duration wait) {
    return TopicReader.readUntil(kafka.bootstrapServers(), topic, r -> false, wait);
  }

  /** A port free now, for a child's metrics endpoint. */
  static int freePort() throws IOException {
    return MetricsScrape.freePort();
  }

  /** The child's /metrics text, or empty while it is not answering. */
  static String scrape(int port) {
    return MetricsScrape.fetch(port);
  }

  /** The sum of a counter's samples in a scrape (every label set). */
  static double sum(String scrape, String counter) {
    return MetricsScrape.sum(scrape, counter);
  }

  static List<String> lines(String text, String containing) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\\n")) {
      if (line.contains(containing)) {
        out.add(line);
      }
    }
    return out;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
