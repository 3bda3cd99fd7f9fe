package org.elbostream.streams.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft broker whose client listener speaks SASL_SSL with SCRAM-SHA-512, as a
 * production cluster would: a self-signed certificate for 127.0.0.1 made by the JDK's keytool, one
 * SCRAM user written into the metadata when the log directory is formatted. Topics are made over a
 * second, plaintext listener for the broker's own use. For the SASL_SSL test and {@code soak
 * --sasl-ssl}; loopback only.
 */
public final class SecureEmbeddedKafka implements AutoCloseable {
  public static final String USER = "elbostream";
  public static final String PASSWORD = "right-secret";
  private final KafkaRaftServer server;
  private final int internal;
  private final int external;
  private final Path certificate;

  private SecureEmbeddedKafka(KafkaRaftServer server, int internal, int external, Path certificate) {
    this.server = server;
    this.internal = internal;
    this.external = external;
    this.certificate = certificate;
  }

  /** Starts the broker with its certificate, keystore and logs under {@code dir}. */
  public static SecureEmbeddedKafka start(Path dir) throws Exception {
    Path keystore = dir.resolve("broker.p12");
    Path certificate = dir.resolve("broker.pem");
    keytool(dir, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
        keystore.toString(), "-storepass", "broker-store");
    keytool(dir, "-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storepass",
        "broker-store", "-file", certificate.toString());
    int controller = freePort();
    int internal = freePort();
    int external = freePort();
    Map<String, String> props = new HashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
    props.put("listeners", "INTERNAL://127.0.0.1:" + internal + ",EXTERNAL://127.0.0.1:" + external
        + ",CONTROLLER://127.0.0.1:" + controller);
    props.put("advertised.listeners", "INTERNAL://127.0.0.1:" + internal + ",EXTERNAL://127.0.0.1:" + external);
    props.put("listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:SASL_SSL,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "INTERNAL");
    props.put("controller.listener.names", "CONTROLLER");
    props.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
    props.put("listener.name.external.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    props.put("listener.name.external.ssl.keystore.type", "PKCS12");
    props.put("listener.name.external.ssl.keystore.location", keystore.toString());
    props.put("listener.name.external.ssl.keystore.password", "broker-store");
    props.put("log.dirs", dir.resolve("logs").toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    Path file = dir.resolve("server.properties");
    StringBuilder text = new StringBuilder();
    props.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
    Files.writeString(file, text);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    int formatted = kafka.tools.StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
        "-c", file.toString(), "--add-scram", "SCRAM-SHA-512=[name=" + USER + ",password=" + PASSWORD + "]"}, quiet);
    if (formatted != 0) {
      throw new IllegalStateException("formatting the secure broker's log directory failed: " + formatted);
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
    server.startup();
    return new SecureEmbeddedKafka(server, internal, external, certificate);
  }

  /** The SASL_SSL listener. */
  public String bootstrapServers() {
    return "127.0.0.1:" + external;
  }

  /** The broker's certificate, PEM: what a client's truststore must hold. */
  public Path certificate() {
    return certificate;
  }

  /** Client settings for the SASL_SSL listener with this password and truststore. */
  public Map<String, Object> client(String password, Path truststore) {
    Map<String, Object> c = new HashMap<>();
    c.put("bootstrap.servers", bootstrapServers());
    c.put("security.protocol", "SASL_SSL");
    c.put("sasl.mechanism", "SCRAM-SHA-512");
    c.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + USER + "\" password=\"" + password + "\";");
    c.put("ssl.truststore.type", "PEM");
    c.put("ssl.truststore.location", truststore.toString());
    return c;
  }

  /**
   * The service's settings for this broker as the Kubernetes ConfigMap writes them: user and
   * password read from the files {@code kafka-username} and {@code kafka-password} in {@code secrets}
   * through Kafka's directory config provider, the broker's certificate from {@code truststore}.
   */
  public Map<String, String> serviceSettings(Path secrets, Path truststore) {
    Map<String, String> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrapServers());
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", "SCRAM-SHA-512");
    p.put("config.providers", "dir");
    p.put("config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
    p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
        + " username=\"${dir:" + secrets + ":kafka-username}\" password=\"${dir:" + secrets + ":kafka-password}\";");
    p.put("ssl.truststore.type", "PEM");
    p.put("ssl.truststore.location", truststore.toString());
    return p;
  }

  public void createTopics(List<String> names, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + internal))) {
      admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList()).all().get();
    }
  }

  /** Runs the JDK's keytool in {@code dir}; a failure carries its output. */
  public static void keytool(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + ": " + out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
