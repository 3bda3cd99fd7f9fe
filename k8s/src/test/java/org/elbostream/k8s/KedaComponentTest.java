package org.elbostream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * components/keda, autoscaling on consumer lag instead of CPU: its objects hold to the fields KEDA
 * declares (fabric8 has no KEDA types, so the ones used are written here, strict), and to the
 * service: the group, topic, brokers and security it reads lag with are the service's own, its
 * ceiling and pace are the CPU autoscaler's, and it removes that autoscaler.
 */
class KedaComponentTest {
  private static final Path KEDA = Manifests.ROOT.resolve("components/keda");
  /** The Kafka scaler's trigger parameters (KEDA 2.10+ documentation). */
  private static final Set<String> KAFKA_TRIGGER_PARAMETERS = Set.of("bootstrapServers", "consumerGroup", "topic",
      "lagThreshold", "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers",
      "scaleToZeroOnInvalidOffset", "excludePersistentLag", "limitToPartitionsWithLag", "partitionLimitation",
      "version", "sasl", "tls", "unsafeSsl");
  private static final Set<String> KAFKA_AUTH_PARAMETERS = Set.of("sasl", "username", "password", "tls", "ca", "cert",
      "key", "keyPassword");
  private static final Pattern SECRET_FILE = Pattern.compile("/etc/elbostream/secrets(?:/|:)([\\w.-]+)");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper STRICT = new ObjectMapper();

  record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {}

  record ScaledObjectSpec(Target scaleTargetRef, int minReplicaCount, int maxReplicaCount, Integer pollingInterval,
      Integer cooldownPeriod, Advanced advanced, List<Trigger> triggers) {}

  record Target(String apiVersion, String kind, String name) {}

  record Advanced(HpaConfig horizontalPodAutoscalerConfig) {}

  record HpaConfig(HorizontalPodAutoscalerBehavior behavior) {}

  record Trigger(String type, Reference authenticationRef, Map<String, String> metadata) {}

  record Reference(String name) {}

  record TriggerAuthentication(String apiVersion, String kind, ObjectMeta metadata, TriggerAuthenticationSpec spec) {}

  record TriggerAuthenticationSpec(List<SecretTargetRef> secretTargetRef) {}

  record SecretTargetRef(String parameter, String name, String key) {}

  @Test
  @SuppressWarnings("unchecked")
  void shouldBeAComponentThatReplacesTheCpuAutoscalerWithItsOwnFiles() throws Exception {
    Map<String, Object> k = Manifests.kustomization(KEDA);
    assertThat(k.get("kind")).isEqualTo("Component");
    try (var files = Files.list(KEDA)) {
      List<String> listed = new java.util.ArrayList<>((List<String>) k.get("resources"));
      ((List<Map<String, Object>>) k.get("patches")).forEach(p -> listed.add((String) p.get("path")));
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("kustomization.yaml")))
          .as("every file of the component is listed").containsExactlyInAnyOrderElementsOf(listed);
    }
    Map<String, Object> delete = SERIALIZATION.unmarshal(Files.readString(KEDA.resolve(
        "delete-horizontalpodautoscaler.yaml")), Map.class);
    HorizontalPodAutoscaler hpa = Manifests.only(Manifests.in(Manifests.BASE), HorizontalPodAutoscaler.class);
    assertThat(delete).containsEntry("$patch", "delete").containsEntry("kind", hpa.getKind())
        .containsEntry("apiVersion", hpa.getApiVersion());
    assertThat((Map<String, Object>) delete.get("metadata")).containsEntry("name", hpa.getMetadata().getName());
  }

  @Test
  void shouldScaleTheServiceOnItsOwnLagWithinTheCpuAutoscalersBounds() throws Exception {
    ScaledObject scaled = read("scaledobject.yaml", ScaledObject.class);
    List<Manifests.Manifest> base = Manifests.in(Manifests.BASE);
    StatefulSet statefulSet = Manifests.only(base, StatefulSet.class);
    HorizontalPodAutoscaler hpa = Manifests.only(base, HorizontalPodAutoscaler.class);
    Properties service = new Properties();
    service.load(new StringReader(Manifests.only(base, ConfigMap.class).getData().get("service.properties")));

    assertThat(scaled.apiVersion()).isEqualTo("keda.sh/v1alpha1");
    assertThat(scaled.kind()).isEqualTo("ScaledObject");
    assertThat(scaled.spec().scaleTargetRef())
        .isEqualTo(new Target(statefulSet.getApiVersion(), statefulSet.getKind(), statefulSet.getMetadata().getName()));
    assertThat(scaled.spec().minReplicaCount()).isEqualTo(hpa.getSpec().getMinReplicas());
    assertThat(scaled.spec().maxReplicaCount()).as("the ceiling: the input topic's partitions")
        .isEqualTo(hpa.getSpec().getMaxReplicas());
    HorizontalPodAutoscalerBehavior behavior = scaled.spec().advanced().horizontalPodAutoscalerConfig().behavior();
    assertThat(Manifests.unknownFields(behavior)).isEmpty();
    assertThat(behavior).as("the CPU autoscaler's pace").isEqualTo(hpa.getSpec().getBehavior());

    assertThat(scaled.spec().triggers()).hasSize(1);
    Trigger trigger = scaled.spec().triggers().get(0);
    assertThat(trigger.type()).isEqualTo("kafka");
    assertThat(KAFKA_TRIGGER_PARAMETERS).as("parameters the Kafka scaler knows")
        .containsAll(trigger.metadata().keySet());
    Map<String, String> m = trigger.metadata();
    assertThat(m.get("consumerGroup")).as("Kafka Streams' group is its application.id")
        .isEqualTo(service.getProperty("application.id"));
    assertThat(m.get("topic")).isEqualTo(service.getProperty("elbostream.input.topic"));
    assertThat(m.get("bootstrapServers")).isEqualTo(service.getProperty("bootstrap.servers"));
    assertThat(m.get("allowIdleConsumers")).as("never more instances than partitions").isEqualTo("false");
    assertThat(Long.parseLong(m.get("lagThreshold"))).isPositive();
    assertThat(m.get("sasl")).as("the service's SASL mechanism")
        .isEqualTo(service.getProperty("sasl.mechanism").toLowerCase().replace("scram-sha-", "scram_sha"));
    assertThat(m.get("tls")).isEqualTo(service.getProperty("security.protocol").endsWith("SSL") ? "enable" : "disable");
  }

  @Test
  void shouldReadLagWithTheServicesOwnCredentials() throws Exception {
    ScaledObject scaled = read("scaledobject.yaml", ScaledObject.class);
    TriggerAuthentication auth = read("triggerauthentication.yaml", TriggerAuthentication.class);
    assertThat(auth.kind()).isEqualTo("TriggerAuthentication");
    assertThat(auth.metadata().getName()).isEqualTo(scaled.spec().triggers().get(0).authenticationRef().name());

    List<Manifests.Manifest> base = Manifests.in(Manifests.BASE);
    String secret = Manifests.only(base, StatefulSet.class).getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getSecret() != null).map(Volume::getSecret).findFirst().orElseThrow().getSecretName();
    Set<String> serviceFiles = new TreeSet<>();
    Matcher files = SECRET_FILE.matcher(Manifests.only(base, ConfigMap.class).getData().get("service.properties"));
    while (files.find()) {
      serviceFiles.add(files.group(1));
    }
    Set<String> keys = new TreeSet<>();
    for (SecretTargetRef ref : auth.spec().secretTargetRef()) {
      assertThat(KAFKA_AUTH_PARAMETERS).as("an authentication parameter of the Kafka scaler").contains(ref.parameter());
      assertThat(ref.name()).as("the Secret the pods mount").isEqualTo(secret);
      keys.add(ref.key());
    }
    assertThat(keys).as("the Secret's files the service reads").isEqualTo(serviceFiles);
  }

  /** A KEDA object, strict: a field the records above do not declare fails. */
  private static <T> T read(String file, Class<T> type) throws Exception {
    return strict(SERIALIZATION.unmarshal(Files.readString(KEDA.resolve(file)), Map.class), type);
  }

  /** A KEDA object of the kind its {@code kind} names, as strictly as {@link #read}. */
  static Object strict(Map<?, ?> yaml) throws Exception {
    return switch ((String) yaml.get("kind")) {
      case "ScaledObject" -> strict(yaml, ScaledObject.class);
      case "TriggerAuthentication" -> strict(yaml, TriggerAuthentication.class);
      default -> throw new AssertionError("not a KEDA kind: " + yaml.get("kind"));
    };
  }

  private static <T> T strict(Map<?, ?> yaml, Class<T> type) throws Exception {
    T object = STRICT.convertValue(yaml, type);
    assertThat(Manifests.unknownFields(object.getClass().getMethod("metadata").invoke(object))).isEmpty();
    return object;
  }
}
