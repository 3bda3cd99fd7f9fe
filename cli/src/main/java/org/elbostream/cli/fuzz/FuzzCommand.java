package org.elbostream.cli.fuzz;

import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elbostream.cli.console.ProgressBar;
import org.elbostream.cli.demo.DemoData;
import org.elbostream.cli.demo.DemoModel;
import org.elbostream.cli.demo.ReplayEncoder;
import org.elbostream.cli.process.MetricsScrape;
import org.elbostream.cli.process.ServiceProcess;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.streams.embedded.EmbeddedKafka;
import org.elbostream.streams.serde.DecodeException;
import org.elbostream.streams.serde.OutputSchemas;
import org.elbostream.streams.serde.SingleObjectCodec;
import org.elbostream.streams.topology.OutputHeaders;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TableReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elbostream fuzz}: the service in its own JVM on an embedded broker, fed good records with a
 * share of corrupted ones among them, each {@link Corruption} in turn. Afterwards a read_committed
 * reader accounts for every input by its partition and offset: a corrupted one must be on the
 * dead-letter topic with its error headers, a good one scored exactly once with a finite score; the
 * service must not have replaced a stream thread. The heap's troughs (what stays live) are printed
 * with their slope. The command exits 1 if any check fails.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
    header = "Send good and corrupted records through the service and account for every one.",
    description = {"Send --records records, a share of them corrupted (truncated, a flipped header byte, a wrong",
        "fingerprint, NaN and infinite values, an out-of-range enum where the schema has one, empty, oversized),",
        "through the service in its own JVM on an embedded broker; then check that every corrupted record is on",
        "the dead-letter topic with its error, every good one scored once with a finite score, no stream thread",
        "replaced and the heap flat. Exits 1 if not."})
public final class FuzzCommand implements Callable<Integer> {
  private static final String INPUT = "fuzz-in";
  private static final String SCORES = "fuzz-scores";
  private static final String DEAD = "fuzz-dead-letters";
  private static final int PARTITIONS = 2;

  @Option(names = "--records", defaultValue = "1000000", description = "Records sent (default: ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--corrupt", defaultValue = "0.01", description = "Share of them corrupted (default: ${DEFAULT-VALUE}).")
  double corrupt;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of which records are corrupted and how (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--model", description = "Model bundle to serve (default: the demo's, trained if missing).")
  Path model;

  @Option(names = "--out", defaultValue = "target/fuzz", description = "Folder for the service's log, state and fuzz.json (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--timeout-minutes", defaultValue = "30", description = "Longest wait for every input to be accounted for (default: ${DEFAULT-VALUE}).")
  double timeoutMinutes;

  /** Where each input went: what was sent at a partition and offset, and what came out for it. */
  private static final class Ledger {
    final Map<Long, Corruption> corrupted = new ConcurrentHashMap<>();
    final BitSet[] scored = {new BitSet(), new BitSet()};
    final BitSet[] dead = {new BitSet(), new BitSet()};
    final Map<Corruption, Long> corruptSent = new EnumMap<>(Corruption.class);
    final Map<Corruption, Long> corruptDead = new EnumMap<>(Corruption.class);
    final Map<String, Long> deadReasons = new LinkedHashMap<>();
    long goodSent;
    long scores;
    long duplicates;
    long nonFinite;
    long corruptScored;
    long goodDead;
    long deadWithoutHeaders;

    static long at(int partition, long offset) {
      return (long) partition << 40 | offset;
    }

    synchronized void sent(int partition, long offset, Corruption c) {
      if (c == null) {
        goodSent++;
      } else {
        corrupted.put(at(partition, offset), c);
        corruptSent.merge(c, 1L, Long::sum);
      }
    }

    long accounted() {
      long n = 0;
      for (int p = 0; p < PARTITIONS; p++) {
        BitSet either = (BitSet) scored[p].clone();
        either.or(dead[p]);
        n += either.cardinality();
      }
      return n;
    }
  }

  @Override
  public Integer call() throws Exception {
    if (records < 1 || !(corrupt >= 0 && corrupt <= 1)) {
      throw new IllegalArgumentException("need --records >= 1 and --corrupt in [0, 1]");
    }
    Path dir = DemoData.HOME.resolve(out);
    Files.createDirectories(dir);
    if (model == null) {
      model = DemoModel.DIR;
      DemoModel.ensure(model, 40, 42, false);
    }
    ModelBundle bundle = BundleFormat.read(model);
    Schema schema = new Schema.Parser().parse(bundle.manifest().inputSchema());
    List<Corruption> kinds = Corruption.applicableTo(schema);
    Table rows = TableReader.read(DemoData.TEST, bundle.featureSpec());
    int port = MetricsScrape.freePort();
    Ledger ledger = new Ledger();
    List<double[]> heap = new ArrayList<>();
    double replacements;
    System.out.printf("starting an embedded Kafka broker and the service (its own JVM, metrics on %d)...%n", port);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(null)) {
      kafka.createTopic(INPUT, PARTITIONS);
      Path config = dir.resolve("fuzz.properties");
      Files.writeString(config, String.join("\n", "bootstrap.servers=" + kafka.bootstrapServers(),
          "application.id=fuzz-" + UUID.randomUUID(), "state.dir=" + dir.resolve("state"),
          "elbostream.input.topic=" + INPUT, "elbostream.scores.topic=" + SCORES,
          "elbostream.dead.letter.topic=" + DEAD, "elbostream.model.path=" + model,
          "elbostream.metrics.port=" + port, ""));
      Process service = ServiceProcess.start(config, dir.resolve("service.log"));
      try {
        awaitMetrics(port, service, dir);
        long start = System.nanoTime();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread producer = new Thread(() -> {
          try {
            produce(kafka, bundle, schema, rows, kinds, ledger);
          } catch (Exception e) {
            failed.set(e);
          }
        }, "fuzz-producer");
        producer.start();
        ProgressBar bar = ProgressBar.onStderr();
        long deadline = start + (long) (timeoutMinutes * 60e9);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka)) {
          consumer.subscribe(List.of(SCORES, DEAD));
          SingleObjectCodec scoreCodec = SingleObjectCodec.writerOnly(OutputSchemas.SCORE);
          long nextReading = 0;
          while ((producer.isAlive() || ledger.accounted() < records) && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
              if (r.topic().equals(SCORES)) {
                score(ledger, scoreCodec.decode(r.value()));
              } else {
                deadLetter(ledger, r);
              }
            }
            if (System.nanoTime() >= nextReading) {
              String scrape = MetricsScrape.fetch(port);
              if (!scrape.isEmpty()) {
                heap.add(new double[] {(System.nanoTime() - start) / 1e9,
                    MetricsScrape.sum(scrape, "jvm_memory_used_bytes{area=\"heap\"") / 1e6});
              }
              nextReading = System.nanoTime() + 5_000_000_000L;
              bar.update("fuzz", (double) ledger.accounted() / records, String.format(Locale.ROOT,
                  "%,d scored, %,d dead letters", ledger.scores, ledger.corruptDead.values().stream()
                      .mapToLong(Long::longValue).sum() + ledger.goodDead));
            }
            if (!service.isAlive()) {
              throw new IllegalStateException("the service stopped; see " + dir.resolve("service.log"));
            }
          }
        }
        bar.finish();
        producer.join();
        if (failed.get() != null) {
          throw failed.get();
        }
        replacements = MetricsScrape.sum(MetricsScrape.fetch(port), "elbostream_stream_thread_replacements_total");
      } finally {
        ServiceProcess.stop(service);
      }
    }
    return report(ledger, kinds, heap, replacements, dir);
  }

  private void produce(EmbeddedKafka kafka, ModelBundle bundle, Schema schema, Table rows, List<Corruption> kinds,
      Ledger ledger) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    SingleObjectCodec codec = SingleObjectCodec.writerOnly(schema);
    ReplayEncoder encoder = new ReplayEncoder(bundle, 0.05, seed);
    boolean[] blanked = new boolean[bundle.featureSpec().featureCount()];
    List<String> numbers = bundle.featureSpec().features().stream().filter(f -> f.likelihood().numeric())
        .map(FieldSpec::name).toList();
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
    AtomicReference<Exception> failed = new AtomicReference<>();
    int next = 0;
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (int i = 0; i < records && failed.get() == null; i++) {
        GenericData.Record r = encoder.record(rows.rows().get(i % rows.size()), blanked);
        Corruption c = random.nextDouble() < corrupt ? kinds.get(next++ % kinds.size()) : null;
        byte[] value = c == null ? codec.encode(r) : c.apply(r, schema, codec, numbers, random);
        byte[] key = ("machine-" + i % 16).getBytes(StandardCharsets.UTF_8);
        p.send(new ProducerRecord<>(INPUT, key, value), (meta, e) -> {
          if (e != null) {
            failed.compareAndSet(null, e);
          } else {
            ledger.sent(meta.partition(), meta.offset(), c);
          }
        });
      }
    }
    if (failed.get() != null) {
      throw new IllegalStateException("the producer failed: " + failed.get(), failed.get());
    }
  }

  private static void score(Ledger ledger, GenericRecord s) throws DecodeException {
    int partition = (Integer) s.get("source_partition");
    long offset = (Long) s.get("source_offset");
    synchronized (ledger) {
      ledger.scores++;
      if (ledger.scored[partition].get((int) offset)) {
        ledger.duplicates++;
      }
      ledger.scored[partition].set((int) offset);
      if (!Double.isFinite((Double) s.get("score"))) {
        ledger.nonFinite++;
      }
      if (ledger.corrupted.containsKey(Ledger.at(partition, offset))) {
        ledger.corruptScored++;
      }
    }
  }

  private static void deadLetter(Ledger ledger, ConsumerRecord<byte[], byte[]> r) {
    String partition = header(r, OutputHeaders.ERROR_PARTITION);
    String offset = header(r, OutputHeaders.ERROR_OFFSET);
    String reason = header(r, OutputHeaders.DEAD_LETTER_REASON);
    synchronized (ledger) {
      if (partition == null || offset == null || reason == null || header(r, OutputHeaders.ERROR_MESSAGE) == null) {
        ledger.deadWithoutHeaders++;
        return;
      }
      int p = Integer.parseInt(partition);
      long o = Long.parseLong(offset);
      if (ledger.dead[p].get((int) o)) {
        ledger.duplicates++;
      }
      ledger.dead[p].set((int) o);
      ledger.deadReasons.merge(reason, 1L, Long::sum);
      Corruption c = ledger.corrupted.get(Ledger.at(p, o));
      if (c == null) {
        ledger.goodDead++;
      } else {
        ledger.corruptDead.merge(c, 1L, Long::sum);
      }
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private int report(Ledger ledger, List<Corruption> kinds, List<double[]> heap, double replacements, Path dir)
      throws Exception {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("records", records);
    json.put("corrupt_share", corrupt);
    System.out.printf("%n%-22s %10s %14s%n", "corruption", "sent", "dead-lettered");
    for (Corruption c : Corruption.values()) {
      long sent = ledger.corruptSent.getOrDefault(c, 0L);
      long dead = ledger.corruptDead.getOrDefault(c, 0L);
      System.out.printf(Locale.ROOT, "%-22s %,10d %,14d%s%n", c.name().toLowerCase(Locale.ROOT), sent, dead,
          kinds.contains(c) ? "" : "   (not sent: the schema has no enum)");
      json.put("sent." + c.name().toLowerCase(Locale.ROOT), sent);
      json.put("dead_lettered." + c.name().toLowerCase(Locale.ROOT), dead);
    }
    long corruptSent = ledger.corruptSent.values().stream().mapToLong(Long::longValue).sum();
    long corruptDead = ledger.corruptDead.values().stream().mapToLong(Long::longValue).sum();
    long goodScored = ledger.scores - ledger.duplicates - ledger.corruptScored;
    List<double[]> troughs = troughs(heap);
    double slope = slopePerMinute(troughs.subList(troughs.size() / 2, troughs.size()));
    System.out.printf(Locale.ROOT, "good records: %,d sent, %,d scored once, %,d dead-lettered; %,d scored twice;"
        + " %,d non-finite scores%n", ledger.goodSent, goodScored, ledger.goodDead, ledger.duplicates, ledger.nonFinite);
    System.out.printf(Locale.ROOT, "dead letters by reason: %s; without their error headers: %,d%n",
        ledger.deadReasons, ledger.deadWithoutHeaders);
    System.out.printf(Locale.ROOT, "stream threads replaced: %.0f; heap at most %.0f MB; its troughs (the least of"
        + " each %d readings, 5 s apart) %.0f MB at first, %.0f MB at last, %+.1f MB per minute over the second half%n",
        replacements, heap.stream().mapToDouble(h -> h[1]).max().orElse(Double.NaN), TROUGH,
        troughs.isEmpty() ? Double.NaN : troughs.get(0)[1],
        troughs.isEmpty() ? Double.NaN : troughs.get(troughs.size() - 1)[1], slope);
    json.put("good_sent", ledger.goodSent);
    json.put("good_scored_once", goodScored);
    json.put("good_dead_lettered", ledger.goodDead);
    json.put("corrupt_sent", corruptSent);
    json.put("corrupt_dead_lettered", corruptDead);
    json.put("corrupt_scored", ledger.corruptScored);
    json.put("duplicates", ledger.duplicates);
    json.put("non_finite_scores", ledger.nonFinite);
    json.put("dead_letters_without_headers", ledger.deadWithoutHeaders);
    json.put("dead_letter_reasons", ledger.deadReasons);
    json.put("stream_thread_replacements", replacements);
    json.put("heap_mb", heap);
    json.put("heap_trough_mb", troughs);
    json.put("heap_trough_mb_slope_per_minute_second_half", slope);
    Files.writeString(dir.resolve("fuzz.json"), new GsonBuilder().setPrettyPrinting()
        .serializeSpecialFloatingPointValues().create().toJson(json));
    List<String> failures = new ArrayList<>();
    if (corruptDead != corruptSent) {
      failures.add((corruptSent - corruptDead) + " corrupted records not on the dead-letter topic");
    }
    if (goodScored != ledger.goodSent || ledger.goodDead > 0) {
      failures.add("good records: " + ledger.goodSent + " sent, " + goodScored + " scored once, " + ledger.goodDead
          + " dead-lettered");
    }
    if (ledger.duplicates > 0 || ledger.nonFinite > 0 || ledger.corruptScored > 0 || ledger.deadWithoutHeaders > 0) {
      failures.add(ledger.duplicates + " twice, " + ledger.nonFinite + " non-finite scores, " + ledger.corruptScored
          + " corrupted records scored, " + ledger.deadWithoutHeaders + " dead letters without headers");
    }
    if (replacements > 0) {
      failures.add(replacements + " stream threads replaced");
    }
    System.out.println(failures.isEmpty() ? "every corrupted record dead-lettered with its error, every good one scored"
        + " once; fuzz.json in " + dir : "FAILED: " + String.join("; ", failures));
    return failures.isEmpty() ? 0 : 1;
  }

  /** Readings per trough: the heap saws between collections, and its low points are what stays live. */
  private static final int TROUGH = 4;

  /** The least reading of each run of {@link #TROUGH}: the heap after its collections. */
  private static List<double[]> troughs(List<double[]> readings) {
    List<double[]> out = new ArrayList<>();
    for (int from = 0; from + TROUGH <= readings.size(); from += TROUGH) {
      out.add(readings.subList(from, from + TROUGH).stream().min(java.util.Comparator.comparingDouble(r -> r[1]))
          .orElseThrow());
    }
    return out;
  }

  /** Least-squares slope of heap readings, MB per minute; NaN for fewer than two. */
  private static double slopePerMinute(List<double[]> readings) {
    SimpleRegression fit = new SimpleRegression();
    readings.forEach(r -> fit.addData(r[0], r[1]));
    return 60 * fit.getSlope();
  }

  private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka) {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "fuzz-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private static void awaitMetrics(int port, Process service, Path dir) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!MetricsScrape.fetch(port).isEmpty()) {
        return;
      }
      if (!service.isAlive()) {
        throw new IllegalStateException("the service stopped at start; see " + dir.resolve("service.log"));
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the service did not answer on /metrics within 120 s");
  }
}
