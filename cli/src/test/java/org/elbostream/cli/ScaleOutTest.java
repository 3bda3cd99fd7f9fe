package org.elbostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.model.testing.BundleFixtures;
import org.elbostream.streams.embedded.EmbeddedKafka;
import org.elbostream.streams.serde.OutputSchemas;
import org.elbostream.streams.serde.SingleObjectCodec;
import org.elbostream.streams.testing.Readings;
import org.elbostream.streams.testing.TopicReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out the Kafka Streams way, on one machine: two instances of {@code elbostream serve} (child
 * JVMs, one consumer group) share a 4-partition input on a real broker. One is killed with SIGKILL
 * and the other takes over its partitions; then both are restarted one after the other under load.
 * A read_committed reader finds every input scored exactly once. Prints the takeover time, the
 * longest gap in output during the rolling restart and the number of rebalances.
 */
@Tag("integration")
class ScaleOutTest {
  private static final int RECORDS = 6000;
  private static final Pattern LAG_PARTITION = Pattern.compile("elbostream_consumer_lag_records\\{[^}]*partition=\"(\\d+)\"");
  @TempDir
  Path dir;

  @Test
  void shouldShareTheWorkTakeOverAKilledInstanceAndSurviveARollingRestartExactlyOnce() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(null)) {
      kafka.createTopic("scale-in", 4);
      Path model = dir.resolve("model");
      BundleFormat.write(BundleFixtures.untrained(41), model);
      List<byte[]> values = Readings.records(RECORDS, 23).stream().map(Readings::encode).toList();
      int[] ports = {ChildServices.freePort(), ChildServices.freePort()};
      Path[] configs = {
          ChildServices.config(dir, kafka, model, "scale", "pod-0", 200, ports[0]),
          ChildServices.config(dir, kafka, model, "scale", "pod-1", 200, ports[1])};
      Process[] pods = {ChildServices.serve(configs[0], "pod-0"), ChildServices.serve(configs[1], "pod-1")};
      OutputWatch output = new OutputWatch(kafka.bootstrapServers(), "scale-scores");
      try {
        // 1. Both instances work: each owns partitions and reads records.
        awaitSharing(ports);
        ChildServices.produce(kafka, "scale-in", values, 0, 2000, 20);
        awaitScored(output, 2000);
        Set<Integer> owned0 = partitions(ChildServices.scrape(ports[0]));
        Set<Integer> owned1 = partitions(ChildServices.scrape(ports[1]));
        double read0 = ChildServices.sum(ChildServices.scrape(ports[0]), "elbostream_records_in_total");
        double read1 = ChildServices.sum(ChildServices.scrape(ports[1]), "elbostream_records_in_total");
        assertThat(read0).as("pod-0 processed records").isPositive();
        assertThat(read1).as("pod-1 processed records").isPositive();
        assertThat(owned0).as("pod-0's partitions").isNotEmpty().doesNotContainAnyElementsOf(owned1);
        assertThat(union(owned0, owned1)).containsExactlyInAnyOrder(0, 1, 2, 3);

        // 2. SIGKILL pod-0 while records flow: pod-1 takes its partitions once the session expires.
        Thread producing = new Thread(() -> ChildServices.produce(kafka, "scale-in", values, 2000, 4000, 50));
        producing.start();
        awaitScored(output, 2300);
        long killedAt = System.nanoTime();
        ChildServices.kill(pods[0]);
        // What pod-0 committed before it died may still be on its way to the reader: let it arrive.
        ChildServices.sleep(1500);
        double takeover = output.awaitFirstFrom(owned0, killedAt, Duration.ofSeconds(120));
        producing.join();
        awaitScored(output, 4000);
        System.out.printf("takeover after SIGKILL: %.1f s (session.timeout.ms 10000)%n", takeover);
        assertThat(takeover).as("pod-1 took over pod-0's partitions").isPositive();

        // 3. Rolling restart under load: pod-0 comes back, then pod-1 is stopped (SIGTERM) and restarted.
        pods[0] = ChildServices.serve(configs[0], "pod-0-again");
        producing = new Thread(() -> ChildServices.produce(kafka, "scale-in", values, 4000, RECORDS, 100));
        producing.start();
        output.resetLongestGap();
        awaitScored(output, 4500);
        ChildServices.stop(pods[1]);
        pods[1] = ChildServices.serve(configs[1], "pod-1-again");
        producing.join();
        awaitScored(output, RECORDS);
        Map<String, Integer> rebalances = new java.util.LinkedHashMap<>();
        for (String log : List.of("pod-0", "pod-1", "pod-0-again", "pod-1-again")) {
          rebalances.put(log, ChildServices.lines(Files.readString(dir.resolve(log + ".log")), "-> REBALANCING").size());
        }
        System.out.printf("rolling restart under load: longest gap in output %.1f s; rebalances per instance log"
            + " (start-up, the kill and the restarts): %s%n", output.longestGapSeconds(), rebalances);
        assertThat(rebalances.get("pod-1")).as("pod-1 rebalanced when pod-0 died and when it came back").isGreaterThanOrEqualTo(2);

        // 4. Every input exactly once.
        List<ConsumerRecord<byte[], byte[]>> settled = ChildServices.read(kafka, "scale-scores", Duration.ofSeconds(3));
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        SingleObjectCodec codec = SingleObjectCodec.writerOnly(OutputSchemas.SCORE);
        for (ConsumerRecord<byte[], byte[]> r : settled) {
          GenericRecord s = codec.decode(r.value());
          if (!seen.add(s.get("source_partition") + "@" + s.get("source_offset"))) {
            duplicates.add(s.get("source_partition") + "@" + s.get("source_offset"));
          }
        }
        assertThat(duplicates).as("scored twice").isEmpty();
        assertThat(seen).as("every input scored").hasSize(RECORDS);
      } finally {
        output.close();
        for (Process p : pods) {
          ChildServices.kill(p);
        }
      }
    }
  }

  private static void awaitScored(OutputWatch output, int n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (output.count() < n && System.nanoTime() < deadline) {
      ChildServices.sleep(100);
    }
    assertThat(output.count()).as("scores written").isGreaterThanOrEqualTo(n);
  }

  /** Waits until the two instances own all four partitions between them (the group has settled). */
  private static void awaitSharing(int[] ports) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      Set<Integer> a = partitions(ChildServices.scrape(ports[0]));
      Set<Integer> b = partitions(ChildServices.scrape(ports[1]));
      if (!a.isEmpty() && !b.isEmpty() && union(a, b).size() == 4 && a.size() + b.size() == 4) {
        return;
      }
      ChildServices.sleep(200);
    }
    throw new AssertionError("the two instances did not share the four partitions within 120 s");
  }

  /** The input partitions an instance reports lag for: the ones it owns. */
  private static Set<Integer> partitions(String scrape) {
    Set<Integer> out = new HashSet<>();
    Matcher m = LAG_PARTITION.matcher(scrape);
    while (m.find()) {
      out.add(Integer.parseInt(m.group(1)));
    }
    return out;
  }

  private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
    Set<Integer> out = new HashSet<>(a);
    out.addAll(b);
    return out;
  }

  /**
   * Reads the scores topic (read_committed) on its own thread, as a downstream consumer would:
   * counts records, notes when each partition's records arrive and the longest silence between two.
   */
  private static final class OutputWatch implements AutoCloseable {
    private final Thread thread;
    private final Map<Integer, Long> maxOffset = new HashMap<>();
    private volatile boolean running = true;
    private volatile int count;
    private volatile long previous = System.nanoTime();
    private volatile long longestGap;

    OutputWatch(String bootstrap, String topic) {
      SingleObjectCodec codec = SingleObjectCodec.writerOnly(OutputSchemas.SCORE);
      thread = new Thread(() -> TopicReader.readUntil(bootstrap, topic, records -> {
        long now = System.nanoTime();
        for (int i = count; i < records.size(); i++) {
          GenericRecord score;
          try {
            score = codec.decode(records.get(i).value());
          } catch (org.elbostream.streams.serde.DecodeException e) {
            throw new IllegalStateException(e);
          }
          synchronized (maxOffset) {
            maxOffset.merge((Integer) score.get("source_partition"), (Long) score.get("source_offset"), Math::max);
          }
        }
        if (records.size() > count) {
          longestGap = Math.max(longestGap, now - previous);
          previous = now;
          count = records.size();
        }
        return !running;
      }, Duration.ofMinutes(15)));
      thread.setDaemon(true);
      thread.start();
    }

    int count() {
      return count;
    }

    void resetLongestGap() {
      longestGap = 0;
      previous = System.nanoTime();
    }

    double longestGapSeconds() {
      return longestGap / 1e9;
    }

    /**
     * Seconds from {@code since} until one of {@code partitions} shows a record beyond what it had
     * when this was called: the first output of a new owner (the dead one's open transaction is
     * aborted, so nothing of it reaches a read_committed reader).
     */
    double awaitFirstFrom(Set<Integer> partitions, long since, Duration timeout) {
      Map<Integer, Long> before;
      synchronized (maxOffset) {
        before = new HashMap<>(maxOffset);
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        synchronized (maxOffset) {
          for (int p : partitions) {
            if (maxOffset.getOrDefault(p, -1L) > before.getOrDefault(p, -1L)) {
              return (System.nanoTime() - since) / 1e9;
            }
          }
        }
        ChildServices.sleep(50);
      }
      return -1;
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(5000);
    }
  }
}
