package org.elbostream.streams.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) for the demo, the
 * benchmark and the integration tests: no Docker, nothing downloaded, about 2.5 s to start. It
 * listens on loopback only and deletes its data when closed.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  /** The temporary folder this broker made for its logs, deleted when it closes; null for the caller's. */
  private final Path ownDir;

  private EmbeddedKafka(KafkaClusterTestKit cluster, Path ownDir) {
    this.cluster = cluster;
    this.ownDir = ownDir;
  }

  /** Starts a broker whose logs live under {@code baseDir} (null: a temporary folder). */
  public static EmbeddedKafka start(Path baseDir) throws Exception {
    // Our own temporary folder, not the test kit's: that one is deleted by a JVM shutdown hook of its
    // own, which on Ctrl-C races the broker still writing its checkpoints there.
    Path ownDir = baseDir == null ? Files.createTempDirectory("elbostream-kafka-") : null;
    TestKitNodes.Builder nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
        .setNumControllerNodes(1).setBaseDirectory(baseDir != null ? baseDir : ownDir);
    KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes.build())
        // One broker: internal topics (offsets, transactions) cannot have three replicas.
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .setConfigProp("auto.create.topics.enable", "false")
        .build();
    try {
      formatQuietly(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      cluster.close();
      deleteQuietly(ownDir);
      throw e;
    }
    return new EmbeddedKafka(cluster, ownDir);
  }

  /** Formats the log directories; Kafka's formatter prints its metadata to System.out, which is the user's. */
  private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      cluster.format();
    } finally {
      System.setOut(out);
    }
  }

  /**
   * Stops the broker (its controller keeps running), waits {@code down}, and starts it again on the
   * same port and logs: what clients see of a broker restart.
   */
  public void bounce(java.time.Duration down) throws Exception {
    var broker = cluster.brokers().values().iterator().next();
    broker.shutdown();
    broker.awaitShutdown();
    Thread.sleep(down.toMillis());
    broker.startup();
    cluster.waitForReadyBrokers();
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  public void createTopic(String name, int partitions) throws InterruptedException, ExecutionException {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }
  }

  @Override
  public void close() throws Exception {
    try {
      cluster.close();
    } finally {
      deleteQuietly(ownDir);
    }
  }

  private static void deleteQuietly(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
