package org.elbostream.cli.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code elbostream serve} in a JVM of its own: for the soak run, so that only the service's memory
 * is measured, and for the tests that kill and restart instances of one application.
 */
public final class ServiceProcess {
  /**
   * The command's entry point, by name: the root command names every subcommand, the soak run's
   * among them, so a reference to its class from here would tie the packages in a circle.
   */
  static final String MAIN_CLASS = "org.elbostream.cli.Elbostream";

  private ServiceProcess() {}

  /**
   * Starts the service on a properties file, with this JVM's class path, its output in {@code log}.
   * The child reads only the file: no stray ELBOSTREAM_ or KAFKA_ variable of this machine.
   */
  public static Process start(Path config, Path log) throws IOException {
    return command(log, "serve", "--config", config.toString());
  }

  /** Any {@code elbostream} command in a JVM of its own, the same way. */
  public static Process command(Path log, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> line = new ArrayList<>(List.of(java, "-Xmx1g", "-Dai.djl.offline=true",
        "-Delbostream.home=" + System.getProperty("elbostream.home", "."), "-cp", System.getProperty("java.class.path"),
        MAIN_CLASS));
    line.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("ELBOSTREAM_") || k.startsWith("KAFKA_"));
    return pb.start();
  }

  /** SIGKILL: no shutdown hook, no last commit. */
  public static void kill(Process p) throws InterruptedException {
    p.destroyForcibly();
    p.waitFor();
  }

  /** SIGTERM, as Kubernetes stops a pod: the service closes Kafka Streams cleanly. */
  public static void stop(Process p) throws InterruptedException {
    p.destroy();
    p.waitFor();
  }
}
