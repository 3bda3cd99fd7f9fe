package org.elbostream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elbostream.k8s.Manifests.BASE;
import static org.elbostream.k8s.Manifests.OVERLAYS;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.elbostream.streams.config.ServiceConfig;
import org.elbostream.streams.metrics.MetricsServer;
import org.junit.jupiter.api.Test;

/** The manifests hold to Kubernetes' types, the restricted Pod Security profile and the service. */
class ManifestsTest {
  private static List<Manifests.Manifest> all() throws Exception {
    List<Manifests.Manifest> out = new ArrayList<>(Manifests.in(BASE));
    for (Path overlay : OVERLAYS) {
      out.addAll(Manifests.in(overlay));
    }
    return out;
  }

  @Test
  void shouldParseEveryManifestIntoTypedObjectsWithNoFieldTheTypesDoNotKnow() throws Exception {
    List<Manifests.Manifest> manifests = all();
    assertThat(manifests).hasSizeGreaterThanOrEqualTo(12);
    for (Manifests.Manifest m : manifests) {
      assertThat(m.object()).as("%s is of a known kind", m.file()).isNotInstanceOf(GenericKubernetesResource.class);
      assertThat(Manifests.unknownFields(m.object())).as("%s: fields its type does not know", m.file()).isEmpty();
      assertThat(m.object().getMetadata().getName()).as("%s has a name", m.file()).isNotBlank();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldListEveryFileOfEachKustomizationAndPatchOnlyWhatTheBaseHas() throws Exception {
    Map<String, Object> base = Manifests.kustomization(BASE);
    List<String> resources = (List<String>) base.get("resources");
    try (Stream<Path> files = Files.list(BASE)) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
          .filter(n -> !n.equals("kustomization.yaml"))).as("every base file is a resource")
          .containsExactlyInAnyOrderElementsOf(resources);
    }
    Set<String> baseObjects = new HashSet<>();
    for (Manifests.Manifest m : Manifests.in(BASE)) {
      baseObjects.add(m.object().getKind() + "/" + m.object().getMetadata().getName());
    }
    for (Path overlay : OVERLAYS) {
      Map<String, Object> k = Manifests.kustomization(overlay);
      assertThat((List<String>) k.get("resources")).containsExactly("../../base");
      assertThat(k.get("namespace")).as(overlay + " namespace").isNotNull();
      for (Map<String, Object> patch : (List<Map<String, Object>>) k.get("patches")) {
        Path file = overlay.resolve((String) patch.get("path"));
        assertThat(file).exists();
        var object = Manifests.read(file);
        assertThat(baseObjects).as("%s patches an object of the base", file)
            .contains(object.getKind() + "/" + object.getMetadata().getName());
      }
    }
  }

  @Test
  void shouldRunEveryPodUnderTheRestrictedPodSecurityProfile() throws Exception {
    List<PodSpec> pods = Manifests.podSpecs(Manifests.in(BASE));
    assertThat(pods).as("the service and the trainer").hasSize(2);
    pods.forEach(ManifestsTest::assertRestricted);
  }

  /** The restricted Pod Security profile, offline DJL and sane memory bounds, on every container of a pod. */
  static void assertRestricted(PodSpec pod) {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    List<Container> containers = new ArrayList<>(pod.getContainers());
    containers.addAll(pod.getInitContainers());
    for (Container c : containers) {
      SecurityContext s = c.getSecurityContext();
      assertThat(s).as(c.getName()).isNotNull();
      assertThat(s.getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
      assertThat(s.getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
      assertThat(s.getPrivileged()).as(c.getName()).isNotEqualTo(Boolean.TRUE);
      assertThat(s.getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
      assertThat(s.getCapabilities().getAdd()).as(c.getName()).isNullOrEmpty();
      assertThat(env(c)).as(c.getName() + ": DJL never downloads").containsEntry("DJL_CACHE_DIR", "/var/cache/djl");
      assertThat(env(c).get("JAVA_TOOL_OPTIONS")).as(c.getName()).contains("-Dai.djl.offline=true");
      // A read-only root filesystem: DJL's cache and /tmp are volumes.
      assertThat(c.getVolumeMounts()).as(c.getName()).anyMatch(v -> v.getMountPath().equals("/var/cache/djl"))
          .anyMatch(v -> v.getMountPath().equals("/tmp"));
      Quantity request = c.getResources().getRequests().get("memory");
      Quantity limit = c.getResources().getLimits().get("memory");
      assertThat(Quantity.getAmountInBytes(limit)).as(c.getName()).isGreaterThanOrEqualTo(Quantity.getAmountInBytes(request));
    }
  }

  @Test
  void shouldProbeAndScrapeWhatTheServiceServes() throws Exception {
    List<Manifests.Manifest> base = Manifests.in(BASE);
    int port = Integer.parseInt(serviceProperties(base).getProperty(ServiceConfig.METRICS_PORT));
    Container service = Manifests.only(base, StatefulSet.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    ContainerPort metrics = service.getPorts().stream().filter(p -> p.getName().equals("metrics")).findFirst().orElseThrow();
    assertThat(metrics.getContainerPort()).isEqualTo(port);
    HTTPGetAction ready = service.getReadinessProbe().getHttpGet();
    HTTPGetAction live = service.getLivenessProbe().getHttpGet();
    assertThat(ready.getPath()).isEqualTo(MetricsServer.READY_PATH);
    assertThat(live.getPath()).isEqualTo(MetricsServer.LIVE_PATH);
    assertThat(List.of(ready.getPort().getStrVal(), live.getPort().getStrVal())).containsOnly("metrics");
    assertThat(Manifests.only(base, Service.class).getSpec().getPorts().get(0).getTargetPort().getStrVal())
        .isEqualTo("metrics");
    var endpoint = Manifests.only(base, PodMonitor.class).getSpec().getPodMetricsEndpoints().get(0);
    assertThat(endpoint.getPort()).isEqualTo("metrics");
    assertThat(endpoint.getPath()).isEqualTo(MetricsServer.METRICS_PATH);
    var ingress = Manifests.only(base, NetworkPolicy.class).getSpec().getIngress();
    assertThat(ingress).hasSize(1);
    assertThat(ingress.get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(port);
    assertThat(ingress.get(0).getFrom().get(0).getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "monitoring");
  }

  @Test
  void shouldUseOnlyConfigurationKeysTheServiceOrKafkaDeclares() throws Exception {
    Set<String> kafka = new HashSet<>(StreamsConfig.configDef().names());
    kafka.addAll(ConsumerConfig.configNames());
    kafka.addAll(ProducerConfig.configNames());
    kafka.addAll(AdminClientConfig.configNames());
    Properties file = serviceProperties(Manifests.in(BASE));
    assertThat(file.stringPropertyNames()).isNotEmpty();
    for (String key : file.stringPropertyNames()) {
      boolean known = ServiceConfig.DEFINITION.names().contains(key) || kafka.contains(key)
          || key.equals("config.providers") || key.startsWith("config.providers.");
      assertThat(known).as("configuration key %s", key).isTrue();
    }
    // No credential in the file: they are read from the mounted Secret.
    assertThat(file.getProperty("sasl.jaas.config")).contains("${dir:/etc/elbostream/secrets:")
        .doesNotContainPattern("password=\"[^$]");
    for (Path folder : Stream.concat(Stream.of(BASE), OVERLAYS.stream()).toList()) {
      for (Manifests.Manifest m : Manifests.in(folder)) {
        if (!(m.object() instanceof StatefulSet s)) {
          continue;
        }
        for (Container c : s.getSpec().getTemplate().getSpec().getContainers()) {
          Map<String, String> env = env(c);
          env.remove("JAVA_TOOL_OPTIONS");
          env.remove("DJL_CACHE_DIR");
          env.remove("OPT_OUT_TRACKING");
          // The service's own mapping: it refuses an ELBOSTREAM_ variable that names no key.
          for (Map.Entry<String, String> e : ServiceConfig.environmentOverrides(env).entrySet()) {
            assertThat(ServiceConfig.DEFINITION.names().contains(e.getKey()) || kafka.contains(e.getKey()))
                .as("%s: %s", m.file(), e.getKey()).isTrue();
          }
        }
      }
    }
  }

  @Test
  void shouldRunTheImageAsTheUserThePodsDeclareWithWhatThePodsExpect() throws Exception {
    String dockerfile = Files.readString(Manifests.ROOT.resolve("../Dockerfile"));
    assertThat(dockerfile).contains("USER 10001:10001").contains("org.elbostream.cli.Elbostream")
        .contains("cli/target/image /opt/elbostream").contains("-Dai.djl.offline=true");
    for (PodSpec pod : Manifests.podSpecs(Manifests.in(BASE))) {
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
      for (Container c : pod.getContainers()) {
        assertThat(c.getImage()).startsWith("elbostream:");
        assertThat(c.getArgs().get(0)).as("a command of the image's entry point")
            .isIn("serve", "train", "publish");
      }
    }
  }

  private static Properties serviceProperties(List<Manifests.Manifest> manifests) throws Exception {
    Properties p = new Properties();
    p.load(new StringReader(Manifests.only(manifests, ConfigMap.class).getData().get("service.properties")));
    return p;
  }

  private static Map<String, String> env(Container c) {
    Map<String, String> out = new HashMap<>();
    for (EnvVar e : c.getEnv()) {
      out.put(e.getName(), e.getValue());
    }
    return out;
  }
}
