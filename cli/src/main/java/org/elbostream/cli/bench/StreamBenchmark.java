package org.elbostream.cli.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elbostream.streams.embedded.EmbeddedKafka;

/**
 * Runs one topology after another against the same broker and the same records and measures each
 * from outside, as a downstream consumer sees it: a read_committed consumer on the topology's output.
 *
 * <p>Throughput: the records are produced to the input topic before the topology starts (a
 * backlog), and the rate is records over the time from the topology reaching RUNNING to the last
 * committed output. Latency: then records are produced at a steady pace stamped with the send time;
 * an output keeps its input's timestamp, so arrival minus timestamp is the end-to-end latency,
 * commit interval and batch linger included.
 */
final class StreamBenchmark {
  /** Keys spread the records over the partitions, as many sensors would. */
  private static final int KEYS = 16;
  private final EmbeddedKafka kafka;
  private final List<byte[]> values;
  private final int partitions;
  private final Duration timeout;
  private final double rate;
  private final double latencySeconds;

  /**
   * @param rate records/s offered in the latency phase (at most half the measured throughput)
   * @param latencySeconds length of the latency phase
   */
  StreamBenchmark(EmbeddedKafka kafka, List<byte[]> values, int partitions, Duration timeout, double rate,
      double latencySeconds) {
    this.kafka = kafka;
    this.values = values;
    this.partitions = partitions;
    this.timeout = timeout;
    this.rate = rate;
    this.latencySeconds = latencySeconds;
  }

  /** A topology under test, started against an input topic and closed when measured. */
  interface Topology extends AutoCloseable {
    /** Blocks until Kafka Streams is RUNNING; false if it did not get there. */
    boolean awaitRunning(Duration timeout) throws InterruptedException;
  }

  /** Starts a topology named {@code run}: application id {@code bench-<run>}, input topic {@code <run>-input}. */
  @FunctionalInterface
  interface Starter {
    Topology start(String run) throws Exception;
  }

  /** One topology's figures; CPU in cores busy while the backlog drained. */
  record Result(String name, int records, double seconds, double recordsPerSecond, double processCpuCores,
      double streamThreadCpuCores, double bytesInPerRecord, double bytesOutPerRecord,
      Map<String, Double> bytesOutPerRecordByTopic, double offeredRate, int latencySamples, double latencyP50Ms,
      double latencyP99Ms) {
    /** CPU the stream threads spent per record, in µs: the topology's own cost, the broker's apart. */
    double streamThreadMicrosPerRecord() {
      return streamThreadCpuCores * seconds / records * 1e6;
    }

    /** CPU the rest of the process (broker, producer, reader) spent per record, in µs. */
    double restMicrosPerRecord() {
      return (processCpuCores - streamThreadCpuCores) * seconds / records * 1e6;
    }

    /** Bytes per input record the state stores' changelogs took. */
    double changelogBytesPerRecord() {
      return bytesOutPerRecordByTopic.entrySet().stream().filter(e -> e.getKey().endsWith("-changelog"))
          .mapToDouble(Map.Entry::getValue).sum();
    }

    String line() {
      return String.format(Locale.ROOT, "%-16s %,10.0f %,10.1f %,10.1f %8.2f %8.1f %8.1f %,7.0f %,7.0f %,7.0f   (%,d"
          + " records in %.1f s; latency at %,.0f records/s)", name, recordsPerSecond, latencyP50Ms, latencyP99Ms,
          processCpuCores, streamThreadMicrosPerRecord(), restMicrosPerRecord(), bytesInPerRecord, bytesOutPerRecord,
          changelogBytesPerRecord(), records, seconds, offeredRate);
    }

    /** Bytes per input record of each topic the topology wrote, largest first. */
    String bytesLine() {
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-16s bytes out per record:", name));
      bytesOutPerRecordByTopic.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .forEach(e -> b.append(String.format(Locale.ROOT, " %s %,.0f;", e.getKey(), e.getValue())));
      return b.toString();
    }
  }

  /**
   * Measures one topology: {@code <run>-input} gets the backlog, {@code output} is where it writes
   * one record per input record.
   */
  Result measure(String run, String output, Starter starter) throws Exception {
    return run(run, output, starter, values, true);
  }

  /** Runs a topology through {@code records} of the backlog unmeasured, so the JIT has compiled its path. */
  void warmUp(String run, String output, Starter starter, int records) throws Exception {
    run(run, output, starter, values.subList(0, Math.min(records, values.size())), false);
  }

  private Result run(String run, String output, Starter starter, List<byte[]> backlog, boolean latencyPhase)
      throws Exception {
    String input = run + "-input";
    kafka.createTopic(input, partitions);
    kafka.createTopic(output, partitions);
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      long now = System.currentTimeMillis();
      for (int i = 0; i < backlog.size(); i++) {
        producer.send(new ProducerRecord<>(input, null, now, key(i), backlog.get(i)));
      }
      producer.flush();
    }
    System.out.printf("%s: %,d records on %s; starting the topology%n", run, backlog.size(), input);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(run); Topology topology = starter.start(run)) {
      consumer.subscribe(List.of(output));
      if (!topology.awaitRunning(Duration.ofSeconds(60))) {
        throw new IllegalStateException(run + ": Kafka Streams did not reach RUNNING within 60 s");
      }
      long running = System.nanoTime();
      CpuClock cpu = new CpuClock(run);
      long last = drain(consumer, backlog.size(), run);
      double seconds = (last - running) / 1e9;
      double processCores = cpu.processSeconds() / seconds;
      double threadCores = cpu.streamThreadSeconds() / seconds;
      double throughput = backlog.size() / seconds;
      if (!latencyPhase) {
        return null;
      }
      Map<String, Long> bytes = topicBytes();
      long in = bytes.getOrDefault(input, 0L);
      Map<String, Double> byTopic = new TreeMap<>();
      bytes.forEach((topic, size) -> {
        if (ownOutput(topic, run, input)) {
          byTopic.put(shortName(topic, run), (double) size / backlog.size());
        }
      });
      double out = byTopic.values().stream().mapToDouble(Double::doubleValue).sum();
      // Below the topology's capacity, so latency is the pipeline's, not a growing queue's.
      double offered = Math.min(rate, throughput / 2);
      double[] latencies = latency(consumer, input, offered, latencySeconds, run);
      return new Result(run, backlog.size(), seconds, throughput, processCores, threadCores,
          (double) in / backlog.size(), out, byTopic, offered, latencies.length,
          percentile(latencies, 0.5), percentile(latencies, 0.99));
    }
  }

  /**
   * CPU time since construction: the whole process (broker and readers included) and the topology's
   * stream threads. Cores busy = CPU seconds / wall seconds: near the machine's core count the run
   * was CPU-bound; a stream thread near 1 was the bottleneck itself.
   */
  private static final class CpuClock {
    private final String threadPrefix;
    private final long process0;
    private final Map<Long, Long> thread0 = new HashMap<>();

    CpuClock(String name) {
      this.threadPrefix = "bench-" + name + "-";
      this.process0 = processNanos();
      streamThreads().forEach((id, t) -> thread0.put(id, t));
    }

    double processSeconds() {
      return (processNanos() - process0) / 1e9;
    }

    double streamThreadSeconds() {
      long sum = 0;
      for (var e : streamThreads().entrySet()) {
        sum += e.getValue() - thread0.getOrDefault(e.getKey(), 0L);
      }
      return sum / 1e9;
    }

    private Map<Long, Long> streamThreads() {
      var threads = ManagementFactory.getThreadMXBean();
      Map<Long, Long> out = new HashMap<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().startsWith(threadPrefix) && t.getName().contains("-StreamThread-")) {
          out.put(t.getId(), threads.getThreadCpuTime(t.getId()));
        }
      }
      return out;
    }

    private static long processNanos() {
      return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
  }

  /** What a run's topics are called after "<run>-": its outputs, and its stores' changelogs. */
  private static final java.util.Set<String> OUTPUTS = java.util.Set.of("output", "imputed", "scores", "alerts",
      "incidents", "dead-letters");

  /**
   * A topic {@code run} wrote: its outputs and changelogs, not its input, nor another run's whose
   * name {@code run} begins (scoring, scoring-batch-1), nor its warm-up's.
   */
  private static boolean ownOutput(String topic, String run, String input) {
    String name = topic.startsWith("bench-") ? topic.substring("bench-".length()) : topic;
    if (topic.equals(input) || !name.startsWith(run + "-")) {
      return false;
    }
    String rest = name.substring(run.length() + 1);
    return OUTPUTS.contains(rest) || rest.startsWith("elbostream-") && rest.endsWith("-changelog");
  }

  /** A topic's name without the run's prefixes: "scores", "elbostream-pending-changelog". */
  private static String shortName(String topic, String run) {
    String name = topic.startsWith("bench-") ? topic.substring("bench-".length()) : topic;
    return name.substring(run.length() + 1);
  }

  /** Bytes in the broker's log, by topic: what each topology wrote, changelog included. */
  private Map<String, Long> topicBytes() throws Exception {
    Map<String, Long> out = new HashMap<>();
    try (var admin = kafka.admin()) {
      var nodes = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
      admin.describeLogDirs(nodes).allDescriptions().get().values().forEach(dirs -> dirs.values()
          .forEach(d -> d.replicaInfos().forEach((tp, info) -> out.merge(tp.topic(), info.size(), Long::sum))));
    }
    return out;
  }

  /** Polls until {@code n} outputs have arrived; returns the arrival time of the last. */
  private long drain(KafkaConsumer<byte[], byte[]> consumer, int n, String name) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    long last = 0;
    while (seen < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + ": only " + seen + " of " + n + " outputs within " + timeout);
      }
      int got = consumer.poll(Duration.ofMillis(100)).count();
      if (got > 0) {
        seen += got;
        last = System.nanoTime();
      }
    }
    return last;
  }

  /** Sends at a steady {@code rate} for {@code seconds}; the end-to-end latency of each, in ms. */
  private double[] latency(KafkaConsumer<byte[], byte[]> consumer, String input, double rate, double seconds,
      String name) throws Exception {
    int n = Math.max(1, (int) Math.round(rate * seconds));
    long phaseStart = System.currentTimeMillis();
    CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
      try (KafkaProducer<byte[], byte[]> producer = producer()) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          LockSupport.parkNanos(start + (long) (i * 1e9 / rate) - System.nanoTime());
          producer.send(new ProducerRecord<>(input, null, System.currentTimeMillis(), key(i),
              values.get(i % values.size())));
        }
      }
    });
    double[] latencies = new double[n];
    int seen = 0;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (seen < n && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
        long arrived = System.currentTimeMillis();
        if (r.timestamp() >= phaseStart && seen < n) {
          latencies[seen++] = arrived - r.timestamp();
        }
      }
    }
    sending.get();
    if (seen < n) {
      throw new IllegalStateException(name + ": only " + seen + " of " + n + " paced records came out within "
          + timeout);
    }
    return latencies;
  }

  static double percentile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static byte[] key(int i) {
    return ("sensor-" + i % KEYS).getBytes(StandardCharsets.UTF_8);
  }

  private KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  private KafkaConsumer<byte[], byte[]> consumer(String name) {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + name,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
