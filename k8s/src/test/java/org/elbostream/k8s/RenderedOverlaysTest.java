package org.elbostream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The overlays as {@code kubectl kustomize} renders them (patches merged, namespaces set, the KEDA
 * component applied on top of prod): every rendered object still parses strictly, every pod keeps
 * the restricted profile and the service's environment, selectors still find the pods, and the
 * autoscaler's ceiling covers the replicas. Needs kubectl on the PATH; skipped, saying so, without.
 */
class RenderedOverlaysTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Set<String> KEDA_KINDS = Set.of("ScaledObject", "TriggerAuthentication");

  @Test
  void shouldKeepTheBasesGuaranteesInEveryRenderedOverlay() throws Exception {
    assumeThat(kubectlAvailable()).as("kubectl on the PATH, for kubectl kustomize").isTrue();
    // prod with the KEDA component, as docs/operations.md tells an overlay to opt in: the namespace is set
    // where the component is added, or its objects would have none.
    Path keda = Files.createDirectories(Manifests.ROOT.resolve("target/overlays/prod-keda"));
    Files.writeString(keda.resolve("kustomization.yaml"), String.join("\n",
        "apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", "namespace: elbostream",
        "resources:", "  - ../../../overlays/prod", "components:", "  - ../../../components/keda",
        "patches:", "  - target: {kind: ScaledObject, name: elbostream}",
        "    patch: '[{\"op\": \"replace\", \"path\": \"/spec/maxReplicaCount\", \"value\": 12}]'", ""));
    List<Path> overlays = new ArrayList<>(Manifests.OVERLAYS);
    overlays.add(keda);
    for (Path overlay : overlays) {
      List<HasMetadata> objects = render(overlay);
      String namespace = (String) Manifests.kustomization(overlay).get("namespace");
      Map<String, HasMetadata> byKind = objects.stream()
          .collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getName(), Function.identity()));
      for (HasMetadata o : objects) {
        String what = overlay.getFileName() + ": " + o.getKind() + "/" + o.getMetadata().getName();
        if (o instanceof GenericKubernetesResource) {
          assertThat(KEDA_KINDS).as("%s is of a known kind", what).contains(o.getKind());
          KedaComponentTest.strict(SERIALIZATION.unmarshal(SERIALIZATION.asJson(o), Map.class));
        } else {
          assertThat(Manifests.unknownFields(o)).as("%s: fields its type does not know", what).isEmpty();
        }
        assertThat(o.getMetadata().getNamespace()).as("%s's namespace", what).isEqualTo(namespace);
        assertThat(o.getMetadata().getLabels()).as("%s's labels", what).containsEntry("app.kubernetes.io/part-of", "elbostream");
      }
      List<Manifests.Manifest> asManifests = objects.stream().map(o -> new Manifests.Manifest(overlay, o)).toList();
      for (PodSpec pod : Manifests.podSpecs(asManifests)) {
        ManifestsTest.assertRestricted(pod);
      }
      StatefulSet service = (StatefulSet) byKind.get("StatefulSet/elbostream");
      List<EnvVar> env = service.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
      assertThat(env).as("%s: the base's environment survives the overlay's", overlay.getFileName())
          .anyMatch(e -> e.getName().equals("KAFKA_GROUP_INSTANCE_ID") && e.getValueFrom() != null);
      Map<String, String> podLabels = service.getSpec().getTemplate().getMetadata().getLabels();
      assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector().getMatchLabels());
      assertThat(podLabels).as("the Service finds the pods")
          .containsAllEntriesOf(((Service) byKind.get("Service/elbostream")).getSpec().getSelector());
      assertThat(podLabels).as("the PodDisruptionBudget finds the pods").containsAllEntriesOf(
          ((PodDisruptionBudget) byKind.get("PodDisruptionBudget/elbostream")).getSpec().getSelector().getMatchLabels());
      int replicas = service.getSpec().getReplicas();
      if (overlay.equals(keda)) {
        assertThat(byKind).as("KEDA replaces the CPU autoscaler").doesNotContainKey("HorizontalPodAutoscaler/elbostream");
        Map<String, Object> spec = ((GenericKubernetesResource) byKind.get("ScaledObject/elbostream")).get("spec");
        assertThat((Integer) spec.get("maxReplicaCount")).isEqualTo(12).isGreaterThanOrEqualTo(replicas);
      } else {
        HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) byKind.get("HorizontalPodAutoscaler/elbostream");
        assertThat(hpa.getSpec().getMaxReplicas()).as("%s: the ceiling covers the replicas", overlay.getFileName())
            .isGreaterThanOrEqualTo(replicas);
      }
    }
  }

  private static List<HasMetadata> render(Path overlay) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("kubectl kustomize %s: %s", overlay, err).isZero();
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : out.split("(?m)^---$")) {
      if (!document.isBlank()) {
        objects.add(SERIALIZATION.unmarshal(document));
      }
    }
    return objects;
  }

  private static boolean kubectlAvailable() {
    try {
      Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
