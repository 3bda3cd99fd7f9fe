package org.elbostream.cli.soak;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elbostream.cli.console.ProgressBar;
import org.elbostream.cli.demo.DemoData;
import org.elbostream.cli.demo.DemoModel;
import org.elbostream.cli.demo.ReplayEncoder;
import org.elbostream.cli.process.MetricsScrape;
import org.elbostream.cli.process.ServiceProcess;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.streams.embedded.EmbeddedKafka;
import org.elbostream.streams.embedded.SecureEmbeddedKafka;
import org.elbostream.streams.reload.ModelsTopic;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TableReader;
import org.elbostream.trainer.report.Chart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elbostream soak}: the service in its own JVM on an embedded broker for some minutes, records
 * flowing at a steady rate and the model swapped again and again, while its heap, resident memory
 * (heap plus PyTorch's native memory) and open native arrays are read off its /metrics. A leak shows
 * as a line that keeps rising; the report fits each line's slope over the second half of the run.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
    header = "Run the service under load with model swaps and report its memory over time.",
    description = "Run the service for minutes under load with model swaps; report heap, resident memory and"
        + " open native arrays over time.")
public final class SoakCommand implements Callable<Integer> {
  @Option(names = "--minutes", defaultValue = "3", description = "How long (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--rate", defaultValue = "1000", description = "Records per second sent (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--swap-seconds", defaultValue = "20", description = "Seconds between model swaps (default: ${DEFAULT-VALUE}).")
  int swapSeconds;

  @Option(names = "--sample-seconds", defaultValue = "5", description = "Seconds between readings (default: ${DEFAULT-VALUE}).")
  int sampleSeconds;

  @Option(names = "--out", defaultValue = "target/soak", description = "Folder for soak.json and soak.png (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--sasl-ssl", description = "Speak SASL_SSL with SCRAM-SHA-512 to the broker, as on Kubernetes: the"
      + " service, the producer and the model publisher, with a self-signed certificate and the password read from a"
      + " file through Kafka's directory config provider.")
  boolean saslSsl;

  /** The broker of the run, and the settings that reach it: a client's, and the service's. */
  private record Broker(AutoCloseable server, Map<String, Object> client, Map<String, String> service)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      server.close();
    }
  }

  /** One reading of the service's /metrics. */
  record Reading(double seconds, double heapMb, double residentMb, double ndarrays, double recordsIn, double swaps) {}

  @Override
  public Integer call() throws Exception {
    if (minutes <= 0 || rate < 1 || swapSeconds < 1 || sampleSeconds < 1) {
      throw new IllegalArgumentException("--minutes, --rate, --swap-seconds and --sample-seconds must be positive");
    }
    Path dir = DemoData.HOME.resolve(out);
    Files.createDirectories(dir);
    // Two versions of the demo model to swap between.
    Path[] models = {DemoModel.DIR, dir.resolve("model-b")};
    DemoModel.ensure(models[0], 30, 42, false);
    DemoModel.ensure(models[1], 5, 7, false);
    ModelBundle[] bundles = {BundleFormat.read(models[0]), BundleFormat.read(models[1])};
    Table test = TableReader.read(DemoData.TEST, bundles[0].featureSpec());
    int port = MetricsScrape.freePort();
    System.out.printf("starting an embedded Kafka broker%s and the service (its own JVM, metrics on %d)...%n",
        saslSsl ? " (SASL_SSL, SCRAM-SHA-512)" : "", port);
    try (Broker kafka = startBroker(dir)) {
      Path config = dir.resolve("soak.properties");
      StringBuilder settings = new StringBuilder();
      kafka.service().forEach((k, v) -> settings.append(k).append('=').append(v).append('\n'));
      Files.writeString(config, settings + String.join("\n",
          "application.id=soak", "state.dir=" + dir.resolve("state"), "elbostream.input.topic=soak-in",
          "elbostream.model.path=" + models[0], "elbostream.metrics.port=" + port, ""));
      Process service = ServiceProcess.start(config, dir.resolve("service.log"));
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong sent = new AtomicLong();
      Thread producer = new Thread(() -> produce(kafka, bundles[0], test, running, sent), "soak-producer");
      List<Reading> readings = new ArrayList<>();
      ProgressBar bar = ProgressBar.onStderr();
      try {
        awaitMetrics(port);
        producer.start();
        long start = System.nanoTime();
        long end = start + (long) (minutes * 60e9);
        long nextSwap = start + swapSeconds * 1_000_000_000L;
        int swaps = 0;
        while (System.nanoTime() < end) {
          Thread.sleep(sampleSeconds * 1000L);
          long now = System.nanoTime();
          if (now >= nextSwap) {
            ModelsTopic.publish(kafka.client(), "elbostream-models", "soak", bundles[++swaps % 2]);
            nextSwap = now + swapSeconds * 1_000_000_000L;
          }
          Reading r = read(port, (now - start) / 1e9);
          if (r != null) {
            readings.add(r);
            bar.update("soak", (now - start) / (double) (end - start), String.format(Locale.ROOT,
                "heap %.0f MB  resident %.0f MB  %.0f arrays  %,.0f records  %.0f swaps", r.heapMb(), r.residentMb(),
                r.ndarrays(), r.recordsIn(), r.swaps()));
          }
          if (!service.isAlive()) {
            throw new IllegalStateException("the service stopped; see " + dir.resolve("service.log"));
          }
        }
        bar.finish();
      } finally {
        running.set(false);
        producer.join();
        ServiceProcess.stop(service);
      }
      report(readings, sent.get(), dir);
    }
    return 0;
  }

  private void report(List<Reading> readings, long sent, Path dir) throws IOException {
    if (readings.size() < 4) {
      throw new IllegalStateException("too few readings for a trend; run longer");
    }
    List<Reading> late = readings.subList(readings.size() / 2, readings.size());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("minutes", minutes);
    json.put("sasl_ssl", saslSsl);
    json.put("records_sent", sent);
    json.put("records_scored", readings.get(readings.size() - 1).recordsIn());
    json.put("model_swaps", readings.get(readings.size() - 1).swaps());
    System.out.printf(Locale.ROOT, "%n%-10s %10s %10s %10s%n", "", "first", "last", "per minute, second half");
    for (String name : List.of("heapMb", "residentMb", "ndarrays")) {
      double first = value(readings.get(0), name);
      double last = value(readings.get(readings.size() - 1), name);
      double slope = slopePerMinute(late, name);
      System.out.printf(Locale.ROOT, "%-10s %10.1f %10.1f %+10.2f%n", name, first, last, slope);
      json.put(name + ".first", first);
      json.put(name + ".last", last);
      json.put(name + ".max", readings.stream().mapToDouble(r -> value(r, name)).max().orElseThrow());
      json.put(name + ".slope_per_minute", slope);
    }
    double[] t = readings.stream().mapToDouble(Reading::seconds).toArray();
    Chart memory = new Chart("Soak: the service's memory while records flow and models swap", "seconds", "MB")
        .line("heap used", t, readings.stream().mapToDouble(Reading::heapMb).toArray())
        .line("resident (heap + native)", t, readings.stream().mapToDouble(Reading::residentMb).toArray());
    Chart arrays = new Chart("Soak: open native arrays", "seconds", "arrays")
        .line("open NDArrays", t, readings.stream().mapToDouble(Reading::ndarrays).toArray());
    Files.write(dir.resolve("soak-memory.png"), memory.png());
    Files.write(dir.resolve("soak-arrays.png"), arrays.png());
    Files.writeString(dir.resolve("soak.json"), new GsonBuilder().setPrettyPrinting().create().toJson(json));
    System.out.printf("%,d records sent, %,.0f scored, %.0f model swaps; %s, soak-memory.png, soak-arrays.png in %s%n",
        sent, readings.get(readings.size() - 1).recordsIn(), readings.get(readings.size() - 1).swaps(), "soak.json", dir);
  }

  private static double value(Reading r, String name) {
    return switch (name) {
      case "heapMb" -> r.heapMb();
      case "residentMb" -> r.residentMb();
      default -> r.ndarrays();
    };
  }

  /** Least-squares slope, per minute. */
  private static double slopePerMinute(List<Reading> rs, String name) {
    double mt = rs.stream().mapToDouble(Reading::seconds).average().orElseThrow();
    double mv = rs.stream().mapToDouble(r -> value(r, name)).average().orElseThrow();
    double num = 0;
    double den = 0;
    for (Reading r : rs) {
      num += (r.seconds() - mt) * (value(r, name) - mv);
      den += (r.seconds() - mt) * (r.seconds() - mt);
    }
    return den == 0 ? 0 : 60 * num / den;
  }

  private Broker startBroker(Path dir) throws Exception {
    if (!saslSsl) {
      EmbeddedKafka kafka = EmbeddedKafka.start(null);
      kafka.createTopic("soak-in", 4);
      return new Broker(kafka, Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
          Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }
    Path brokerDir = Files.createTempDirectory(dir, "broker-");
    SecureEmbeddedKafka kafka = SecureEmbeddedKafka.start(brokerDir);
    kafka.createTopics(List.of("soak-in"), 4);
    Path secrets = Files.createDirectories(brokerDir.resolve("secrets"));
    Files.writeString(secrets.resolve("kafka-username"), SecureEmbeddedKafka.USER);
    Files.writeString(secrets.resolve("kafka-password"), SecureEmbeddedKafka.PASSWORD);
    AutoCloseable server = () -> {
      kafka.close();
      try (var files = Files.walk(brokerDir)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    };
    return new Broker(server, kafka.client(SecureEmbeddedKafka.PASSWORD, kafka.certificate()),
        kafka.serviceSettings(secrets, kafka.certificate()));
  }

  /** Sends the demo's test rows round and round at {@code rate} per second, 5 % of fields blanked. */
  private void produce(Broker kafka, ModelBundle bundle, Table test, AtomicBoolean running, AtomicLong sent) {
    ReplayEncoder encoder = new ReplayEncoder(bundle, 0.05, 1);
    Map<String, Object> props = new HashMap<>(kafka.client());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      long start = System.nanoTime();
      int i = 0;
      while (running.get()) {
        double[] row = test.rows().get(i % test.size());
        byte[] key = ("machine-" + i % 16).getBytes(StandardCharsets.UTF_8);
        p.send(new ProducerRecord<>("soak-in", key, encoder.encode(row, new boolean[row.length])));
        i++;
        sent.incrementAndGet();
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) {
          Thread.sleep(wait / 1_000_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitMetrics(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (read(port, 0) != null) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the service did not answer on /metrics within 120 s");
  }

  private static Reading read(int port, double seconds) {
    String scrape = MetricsScrape.fetch(port);
    if (scrape.isEmpty()) {
      return null;
    }
    return new Reading(seconds, MetricsScrape.sum(scrape, "jvm_memory_used_bytes{area=\"heap\"") / 1e6,
        MetricsScrape.sum(scrape, "process_resident_memory_bytes") / 1e6,
        MetricsScrape.sum(scrape, "elbostream_ndarrays_open"), MetricsScrape.sum(scrape, "elbostream_records_in_total"),
        MetricsScrape.sum(scrape, "elbostream_model_swaps_total"));
  }
}
