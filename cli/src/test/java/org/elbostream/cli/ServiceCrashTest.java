package org.elbostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.model.kind.LoadedModel;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.model.testing.BundleFixtures;
import org.elbostream.streams.embedded.EmbeddedKafka;
import org.elbostream.streams.serde.OutputSchemas;
import org.elbostream.streams.serde.SingleObjectCodec;
import org.elbostream.streams.serde.WriterSchemas;
import org.elbostream.streams.testing.Readings;
import org.elbostream.streams.testing.TopicReader;
import org.elbostream.streams.topology.RecordFeatures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code elbostream serve} in a child JVM, killed with SIGKILL twice (once while records wait in
 * its micro-batch store, once mid-stream) and restarted: a read_committed consumer still finds
 * every input exactly once. The model reads each record with its key's last records, so the kills
 * also hit the store of each key's past: the scores must be those of an uninterrupted run.
 */
@Tag("integration")
class ServiceCrashTest {
  private static final int RECORDS = 5000;
  private static final int WINDOW = 6;
  @TempDir
  Path dir;

  @Test
  void shouldScoreEveryRecordExactlyOnceAcrossKills() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(null)) {
      kafka.createTopic("crash-in", 2);
      Path model = dir.resolve("model");
      ModelBundle bundle = BundleFixtures.untrained(31, new Architecture(3, List.of(16), Math.log(0.05 * 0.05))
          .withPast(new Architecture.Past(WINDOW, 60_000L)));
      BundleFormat.write(bundle, model);
      List<byte[]> values = Readings.records(RECORDS, 17).stream().map(Readings::encode).toList();

      // 1. Everything read and committed, the tail of each partition waiting in the store for a
      // batch that will not fill (batch 64, linger 30 s): the kill hits buffered records only.
      Process first = serve(config(kafka, model, "first", 30_000), "first");
      produce(kafka, values, 0, 1000);
      awaitCommittedInput(kafka, 1000);
      int scoredBeforeKill = read(kafka, "crash-scores", Duration.ofSeconds(2)).size();
      kill(first);
      assertThat(scoredBeforeKill).as("records were waiting in the store when the service died")
          .isGreaterThan(0).isLessThan(1000);

      // 2. Killed mid-stream, with a transaction open.
      Process second = serve(config(kafka, model, "second", 200), "second");
      Thread producing = new Thread(() -> produce(kafka, values, 1000, 4000));
      producing.start();
      TopicReader.readUntil(kafka.bootstrapServers(), "crash-scores", r -> r.size() >= 2500, Duration.ofSeconds(90));
      kill(second);
      producing.join();
      assertThat(Files.readString(dir.resolve("second.log"))).as("the restarted service restored the waiting records")
          .contains("restored");

      // 3. Restarted for good: it restores the store, flushes what waited, and reads on.
      Process third = serve(config(kafka, model, "third", 200), "third");
      try {
        produce(kafka, values, 4000, RECORDS);
        TopicReader.readUntil(kafka.bootstrapServers(), "crash-scores", r -> r.size() >= RECORDS,
            Duration.ofSeconds(120));
        // Read again from the start a little later: a duplicate would have arrived by then.
        List<ConsumerRecord<byte[], byte[]>> settled = read(kafka, "crash-scores", Duration.ofSeconds(3));
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        Map<String, Double> uninterrupted = uninterruptedScores(kafka, bundle);
        List<String> off = new ArrayList<>();
        SingleObjectCodec codec = SingleObjectCodec.writerOnly(OutputSchemas.SCORE);
        for (ConsumerRecord<byte[], byte[]> r : settled) {
          GenericRecord s = codec.decode(r.value());
          String origin = s.get("source_partition") + "@" + s.get("source_offset");
          if (!seen.add(origin)) {
            duplicates.add(origin);
          }
          double want = uninterrupted.get(origin);
          if (Math.abs((Double) s.get("score") - want) > 1e-6 * Math.max(1, Math.abs(want))) {
            off.add(origin + ": " + s.get("score") + " against " + want);
          }
        }
        assertThat(duplicates).as("scored twice").isEmpty();
        assertThat(seen).as("every input scored, the buffered ones included").hasSize(RECORDS);
        assertThat(off).as("scores that differ from an uninterrupted run's: a key's past was lost").isEmpty();
        assertThat(read(kafka, "crash-imputed", Duration.ofSeconds(2))).hasSize(RECORDS);
      } finally {
        kill(third);
      }
    }
  }

  /**
   * Every input's score as a run that was never killed gives it, by partition and offset: each
   * partition's records in offset order, each read with the last records of its key in that
   * partition, as the service's tasks read them.
   */
  private static Map<String, Double> uninterruptedScores(EmbeddedKafka kafka, ModelBundle bundle) throws Exception {
    List<ConsumerRecord<byte[], byte[]>> inputs = new ArrayList<>(read(kafka, "crash-in", Duration.ofSeconds(2)));
    inputs.sort(Comparator.comparingInt((ConsumerRecord<byte[], byte[]> r) -> r.partition())
        .thenComparingLong(ConsumerRecord::offset));
    RecordFeatures features = new RecordFeatures(bundle.featureSpec(), Readings.SCHEMA);
    SingleObjectCodec codec = new SingleObjectCodec(Readings.SCHEMA, new WriterSchemas());
    List<double[]> rows = new ArrayList<>();
    List<List<double[]>> pasts = new ArrayList<>();
    Map<String, List<double[]>> recent = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : inputs) {
      GenericRecord record = codec.decode(r.value());
      double[] row = features.row(record);
      List<double[]> before = recent.computeIfAbsent(r.partition() + "/" + record.get("sensor_id"),
          k -> new ArrayList<>());
      List<double[]> past = new ArrayList<>();
      for (int k = before.size() - 1; k >= 0 && past.size() < WINDOW; k--) {
        past.add(before.get(k));
      }
      rows.add(row);
      pasts.add(past);
      before.add(row);
    }
    Map<String, Double> out = new HashMap<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      RowScorer scorer = LoadedModel.of(bundle, manager).scorer();
      for (int from = 0; from < rows.size(); from += 256) {
        int to = Math.min(rows.size(), from + 256);
        List<RecordScore> scores = scorer.score(rows.subList(from, to), pasts.subList(from, to));
        for (int i = from; i < to; i++) {
          out.put(inputs.get(i).partition() + "@" + inputs.get(i).offset(), scores.get(i - from).score());
        }
      }
    }
    return out;
  }

  private Path config(EmbeddedKafka kafka, Path model, String name, long lingerMs) throws Exception {
    // One instance name throughout: each restart is the same instance coming back.
    Path file = ChildServices.config(dir, kafka, model, "crash", "crash-instance", lingerMs, -1);
    // Every record with the full sample count, as the offline scores it is held to: screening would
    // make a record's sample count hang on where its batch began, which a crash moves.
    Files.writeString(file, "elbostream.scoring.screen.samples=0\n", java.nio.file.StandardOpenOption.APPEND);
    return Files.move(file, dir.resolve(name + ".properties"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private Process serve(Path config, String name) throws Exception {
    return ChildServices.serve(config, name);
  }

  private static void kill(Process p) throws InterruptedException {
    ChildServices.kill(p);
  }

  private static void produce(EmbeddedKafka kafka, List<byte[]> values, int from, int to) {
    ChildServices.produce(kafka, "crash-in", values, from, to, 20);
  }

  /** Waits until the service's committed input offsets add up to {@code n}. */
  private static void awaitCommittedInput(EmbeddedKafka kafka, long n) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    try (Admin admin = kafka.admin()) {
      while (System.nanoTime() < deadline) {
        long committed = admin.listConsumerGroupOffsets("crash").partitionsToOffsetAndMetadata().get().entrySet()
            .stream().filter(e -> e.getKey().topic().equals("crash-in") && e.getValue() != null)
            .mapToLong(e -> e.getValue().offset()).sum();
        if (committed >= n) {
          return;
        }
        sleep(100);
      }
    }
    throw new AssertionError("the service did not commit " + n + " input records within 90 s");
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(EmbeddedKafka kafka, String topic, Duration wait) {
    return ChildServices.read(kafka, topic, wait);
  }

  private static void sleep(long ms) {
    ChildServices.sleep(ms);
  }
}
