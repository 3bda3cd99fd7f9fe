package org.elbostream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.streams.embedded.EmbeddedKafka;
import org.elbostream.streams.testing.Readings;
import org.elbostream.streams.testing.TopicReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The workloads as Kubernetes runs them, without a container engine: the trainer CronJob's two
 * containers train on a snapshot and publish the bundle to the models topic, then the StatefulSet's
 * pod serves that model and scores records from a real broker. Each container runs the image's
 * contents (cli/target/image, what the Dockerfile copies to /opt/elbostream) through the
 * Dockerfile's entry point with the container's own arguments and environment, as the pod's user
 * with no capabilities, on a read-only root file system where only the pod's volumes are writable
 * ({@code pod-root.sh}: an overlay of this machine's root in a mount namespace). A write anywhere
 * else, a download, a library that needs root, or an emptyDir past its size limit fails it. Needs
 * root for the mount namespace; skipped, saying so, where there is none.
 */
@Tag("integration")
class PodFilesystemTest {
  private static final Path IMAGE = Manifests.ROOT.resolve("../cli/target/image").normalize();
  private static final Path WORK = Manifests.ROOT.resolve("target/pod-filesystem");
  private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT\\s+\\[(.*)]\\s*$");
  private static final int RECORDS = 400;

  @Test
  void shouldTrainPublishAndServeFromTheImageOnAReadOnlyRootWithOnlyThePodsVolumesWritable() throws Exception {
    assumeThat(mountNamespaceAvailable()).as("unshare --mount as root (a mount namespace for the pod's file system)")
        .isTrue();
    assertThat(IMAGE.resolve("lib")).as("the image's contents (mvn package assembles them)").isDirectory();
    deleteRecursively(WORK);
    List<Manifests.Manifest> base = Manifests.in(Manifests.BASE);
    StatefulSet statefulSet = Manifests.only(base, StatefulSet.class);
    PodSpec trainer = Manifests.only(base, CronJob.class).getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    PodSpec server = statefulSet.getSpec().getTemplate().getSpec();

    try (EmbeddedKafka kafka = EmbeddedKafka.start(null)) {
      Properties service = serviceProperties(base, kafka);
      for (String key : List.of("elbostream.input.topic", "elbostream.imputed.topic", "elbostream.scores.topic",
          "elbostream.alerts.topic", "elbostream.dead.letter.topic", "elbostream.models.topic")) {
        kafka.createTopic(service.getProperty(key), 2); // elbostream.topics.create=false: the deployer makes them
      }
      Path trainerVolumes = volumes(trainer, "trainer", service);
      writeSnapshot(trainerVolumes.resolve("data"));
      for (Container c : concat(trainer.getInitContainers(), trainer.getContainers())) {
        Process p = start(trainer, c, trainerVolumes, "elbostream-train-x");
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("%s finished", c.getName()).isTrue();
        assertThat(p.exitValue()).as("%s's exit code (its log: %s)", c.getName(), log(c)).isZero();
      }

      Path serverVolumes = volumes(server, "server", service);
      Container container = server.getContainers().get(0);
      Process serving = start(server, container, serverVolumes, statefulSet.getMetadata().getName() + "-0");
      try {
        produce(kafka, service.getProperty("elbostream.input.topic"));
        int scored = TopicReader.readUntil(kafka.bootstrapServers(), service.getProperty("elbostream.scores.topic"),
            r -> r.size() >= RECORDS, Duration.ofSeconds(180)).size();
        assertThat(scored).as("records scored by the pod (its log: %s)", log(container)).isEqualTo(RECORDS);
      } finally {
        serving.destroy(); // SIGTERM, as the kubelet stops a pod
        if (!serving.waitFor(60, TimeUnit.SECONDS)) {
          serving.destroyForcibly().waitFor();
        }
      }
      String version = BundleFormat.read(trainerVolumes.resolve("work/model")).version();
      assertThat(Files.readString(log(container))).as("the pod's log")
          .contains("Serving model " + version + " from " + service.getProperty("elbostream.models.topic")).contains("-> NOT_RUNNING");
      for (Container c : concat(trainer.getInitContainers(), trainer.getContainers(), server.getContainers())) {
        assertThat(Files.readString(log(c))).as("%s's log", c.getName())
            .doesNotContain("Read-only file system").doesNotContain("Permission denied");
      }
      assertThat(filesUnder(serverVolumes.resolve("djl-cache")))
          .as("PyTorch's native library, extracted from its jar into the DJL cache volume")
          .anyMatch(f -> f.getFileName().toString().startsWith("libtorch"));
      checkDisk(trainer, trainerVolumes, trainer.getInitContainers().get(0));
      checkDisk(server, serverVolumes, container);
    }
    // The pods' volumes hold PyTorch's native library twice, some 860 MB: kept only when the test
    // fails, for a look at what the containers wrote.
    deleteRecursively(WORK);
  }

  /** Each emptyDir within its sizeLimit, and all of them within the container's ephemeral-storage request. */
  private static void checkDisk(PodSpec pod, Path volumes, Container container) throws IOException {
    long disk = 0;
    for (Volume v : pod.getVolumes()) {
      if (v.getEmptyDir() != null) {
        long used = bytesUnder(volumes.resolve(v.getName()));
        disk += used;
        System.out.printf("%s: emptyDir %s holds %,d bytes (limit %s)%n", container.getName(), v.getName(), used,
            v.getEmptyDir().getSizeLimit());
        assertThat(used).as("emptyDir %s within its sizeLimit (past it the kubelet evicts the pod)", v.getName())
            .isLessThanOrEqualTo(Quantity.getAmountInBytes(v.getEmptyDir().getSizeLimit()).longValueExact());
      }
    }
    Quantity request = container.getResources().getRequests().get("ephemeral-storage");
    assertThat(request).as("%s's ephemeral-storage request", container.getName()).isNotNull();
    assertThat(disk).as("the emptyDirs' use against %s's ephemeral-storage request", container.getName())
        .isLessThanOrEqualTo(Quantity.getAmountInBytes(request).longValueExact());
  }

  /** The ConfigMap's file, pointed at the embedded broker in plaintext. */
  private static Properties serviceProperties(List<Manifests.Manifest> base, EmbeddedKafka kafka) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(Manifests.only(base, ConfigMap.class).getData().get("service.properties")));
    p.stringPropertyNames().stream().filter(k -> k.startsWith("sasl.") || k.startsWith("ssl.")
        || k.startsWith("config.providers")).forEach(p::remove);
    p.setProperty("bootstrap.servers", kafka.bootstrapServers());
    p.setProperty("security.protocol", "PLAINTEXT");
    p.setProperty("elbostream.metrics.port", "0");
    return p;
  }

  /**
   * A folder per volume of the pod under target/pod-filesystem/POD (shared by its containers, as
   * the pod's volumes are), owned by the pod's fsGroup as the kubelet makes them; the ConfigMap's
   * holds the service's file.
   */
  private static Path volumes(PodSpec pod, String name, Properties service) throws IOException {
    Path root = WORK.resolve(name);
    for (Volume v : pod.getVolumes()) {
      Path host = Files.createDirectories(root.resolve(v.getName()));
      if (v.getConfigMap() != null) {
        try (StringWriter w = new StringWriter()) {
          service.store(w, "the ConfigMap's service.properties, for the embedded broker");
          Files.writeString(host.resolve("service.properties"), w.toString());
        }
      }
      Files.setAttribute(host, "unix:gid", pod.getSecurityContext().getFsGroup().intValue());
      Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rwxrwxr-x"));
    }
    return root;
  }

  /** A training snapshot of the example schema's records, as the trainer's data volume would hold. */
  private static void writeSnapshot(Path data) throws IOException {
    StringBuilder csv = new StringBuilder(String.join(",", Readings.SCHEMA.getFields().stream().map(f -> f.name()).toList()))
        .append('\n');
    for (GenericRecord r : Readings.records(1500, 3)) {
      csv.append(String.join(",", Readings.SCHEMA.getFields().stream()
          .map(f -> r.get(f.name()) == null ? "" : r.get(f.name()).toString()).toList())).append('\n');
    }
    Files.writeString(data.resolve("snapshot.csv"), csv);
  }

  /**
   * pod-root.sh with the image at /opt/elbostream and the container's mounts, then the image's entry
   * point and the container's arguments as the pod's user, with only the container's environment.
   */
  private static Process start(PodSpec pod, Container container, Path volumes, String podName) throws IOException {
    List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--",
        "bash", Manifests.ROOT.resolve("src/test/resources/pod-root.sh").toString(),
        Files.createDirectories(WORK.resolve("scratch-" + container.getName())).toString(),
        "ro:" + IMAGE + ":/opt/elbostream"));
    for (VolumeMount m : container.getVolumeMounts()) {
      assertThat(pod.getVolumes()).as("%s mounts a declared volume", container.getName())
          .anyMatch(v -> v.getName().equals(m.getName()));
      command.add((Boolean.TRUE.equals(m.getReadOnly()) ? "ro:" : "rw:") + volumes.resolve(m.getName()) + ":"
          + m.getMountPath());
    }
    PodSecurityContext security = pod.getSecurityContext();
    command.addAll(List.of("--", "setpriv", "--reuid=" + security.getRunAsUser(), "--regid=" + security.getRunAsGroup(),
        "--clear-groups", "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all",
        "env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/nonexistent"));
    for (EnvVar e : container.getEnv()) {
      command.add(e.getName() + "=" + (e.getValue() != null ? e.getValue() : podName)); // the one fieldRef: metadata.name
    }
    command.addAll(entryPoint());
    command.addAll(container.getArgs());
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(container).toFile()).start();
  }

  private static Path log(Container c) {
    return WORK.resolve(c.getName() + ".log");
  }

  @SafeVarargs
  private static List<Container> concat(List<Container>... lists) {
    List<Container> out = new ArrayList<>();
    for (List<Container> l : lists) {
      out.addAll(l);
    }
    return out;
  }

  /** The Dockerfile's ENTRYPOINT, a JSON array of strings. */
  static List<String> entryPoint() throws IOException {
    Matcher m = ENTRYPOINT.matcher(Files.readString(Manifests.ROOT.resolve("../Dockerfile")));
    assertThat(m.find()).as("the Dockerfile's ENTRYPOINT").isTrue();
    List<String> out = new ArrayList<>();
    for (String part : m.group(1).split(",")) {
      out.add(part.trim().replaceAll("^\"|\"$", ""));
    }
    return out;
  }

  private static void produce(EmbeddedKafka kafka, String topic) throws Exception {
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      int i = 0;
      for (var reading : Readings.records(RECORDS, 5)) {
        p.send(new ProducerRecord<>(topic, ("sensor-" + i++ % 4).getBytes(StandardCharsets.UTF_8),
            Readings.encode(reading))).get();
      }
    }
  }

  private static boolean mountNamespaceAvailable() {
    try {
      Process p = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "true")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0
          && Files.readString(Path.of("/proc/filesystems")).contains("overlay");
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static long bytesUnder(Path dir) throws IOException {
    long total = 0;
    for (Path f : filesUnder(dir)) {
      total += Files.size(f);
    }
    return total;
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
