package org.elbostream.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The manifests under k8s/, read into typed Kubernetes objects. */
final class Manifests {
  /** The module's folder: the tests run in k8s/. */
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path BASE = ROOT.resolve("base");
  static final List<Path> OVERLAYS = List.of(ROOT.resolve("overlays/dev"), ROOT.resolve("overlays/prod"));
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Manifests() {}

  /** A manifest file and the object it holds. */
  record Manifest(Path file, HasMetadata object) {}

  /** Every object file of a kustomization folder (all its YAML but kustomization.yaml). */
  static List<Manifest> in(Path folder) throws IOException {
    List<Manifest> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        if (!file.getFileName().toString().equals("kustomization.yaml")) {
          out.add(new Manifest(file, read(file)));
        }
      }
    }
    return out;
  }

  static HasMetadata read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      Object parsed = SERIALIZATION.unmarshal(in);
      if (!(parsed instanceof HasMetadata object)) {
        throw new AssertionError(file + ": not one Kubernetes object but " + parsed);
      }
      return object;
    }
  }

  /** A kustomization.yaml as plain YAML. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> kustomization(Path folder) throws IOException {
    return SERIALIZATION.unmarshal(Files.readString(folder.resolve("kustomization.yaml")), Map.class);
  }

  static <T extends HasMetadata> T only(List<Manifest> manifests, Class<T> type) {
    List<T> found = manifests.stream().map(Manifest::object).filter(type::isInstance).map(type::cast).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }

  /** The pod templates of the workloads: what the restricted profile applies to. */
  static List<PodSpec> podSpecs(List<Manifest> manifests) {
    List<PodSpec> out = new ArrayList<>();
    for (Manifest m : manifests) {
      if (m.object() instanceof StatefulSet s) {
        out.add(s.getSpec().getTemplate().getSpec());
      } else if (m.object() instanceof CronJob c) {
        out.add(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
      } else if (m.object() instanceof Job j) {
        out.add(j.getSpec().getTemplate().getSpec());
      }
    }
    return out;
  }

  /**
   * Paths of fields the typed model did not know, anywhere in the object: fabric8 keeps such fields
   * in {@code additionalProperties} rather than failing, so strictness is checked here.
   */
  static List<String> unknownFields(Object object) {
    List<String> out = new ArrayList<>();
    collect(object, "", out);
    return out;
  }

  private static void collect(Object o, String path, List<String> out) {
    if (o == null) {
      return;
    }
    if (o instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        collect(item, path + "[" + i++ + "]", out);
      }
      return;
    }
    if (o instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collect(v, path + "." + k, out));
      return;
    }
    if (!o.getClass().getPackageName().startsWith("io.fabric8")) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
          || m.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = m.invoke(o);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> out.add(path + "." + k));
        }
      } else {
        collect(value, path + "." + m.getName().substring(3, 4).toLowerCase() + m.getName().substring(4), out);
      }
    }
  }
}
