package org.elbostream.streams.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    return start(baseDir, 1);
  }

  /**
   * Starts {@code brokers} brokers, the first also the cluster's controller; with three or more,
   * every topic has three replicas, two of them in sync for a write, so a broker can leave and its
   * partitions' leadership moves to another.
   */
  public static EmbeddedKafka start(Path baseDir, int brokers) throws Exception {
    // Our own temporary folder, not the test kit's: that one is deleted by a JVM shutdown hook of its
    // own, which on Ctrl-C races the broker still writing its checkpoints there.
    Path ownDir = baseDir == null ? Files.createTempDirectory("elbostream-kafka-") : null;
    TestKitNodes.Builder nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(brokers)
        .setNumControllerNodes(1).setBaseDirectory(baseDir != null ? baseDir : ownDir);
    // One broker: internal topics (offsets, transactions) cannot have three replicas.
    String replicas = brokers >= 3 ? "3" : "1";
    String inSync = brokers >= 3 ? "2" : "1";
    KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes.build())
        .setConfigProp("offsets.topic.replication.factor", replicas)
        .setConfigProp("transaction.state.log.replication.factor", replicas)
        .setConfigProp("transaction.state.log.min.isr", inSync)
        .setConfigProp("default.replication.factor", replicas)
        .setConfigProp("min.insync.replicas", inSync)
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
   * Stops broker {@code id} (the controller keeps running), waits {@code down}, and starts it again
   * on the same port and logs: what clients see of a broker restart. With one broker, everything is
   * away meanwhile; with three, the partitions it led get another leader.
   */
  public void bounce(int id, java.time.Duration down) throws Exception {
    var broker = cluster.brokers().get(id);
    if (broker == null) {
      throw new IllegalArgumentException("no broker " + id + "; the brokers are " + cluster.brokers().keySet());
    }
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
      admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty()))).all().get();
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
