package org.elbostream.model.format;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ContentHash;
import org.elbostream.model.bundle.Manifest;
import org.elbostream.model.bundle.ManifestJson;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.kind.ModelKind;

/**
 * How a model bundle is saved: a directory of {@value #MANIFEST} and its kind's parameter files, or
 * the same bytes as one zip archive that can travel through a Kafka topic. Reading checks the format
 * version (an unknown one is refused, naming it), that every parameter file the kind needs is there,
 * and that the content hash matches the model version (else the bundle is corrupt).
 *
 * <p>The bundle layout has one version so far, {@link Manifest#FORMAT_VERSION}; a new version adds
 * here the migration of the one before it. Within format 1, fields added later are absent from the
 * JSON when they hold their default, so older bundles keep loading with their hashes.
 */
public final class BundleFormat {
  public static final String MANIFEST = "manifest.json";

  private BundleFormat() {}

  /** Writes the bundle's files into {@code dir}, made if needed. */
  public static void write(ModelBundle bundle, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> file : files(bundle).entrySet()) {
      Files.write(dir.resolve(file.getKey()), file.getValue());
    }
  }

  /** Reads the bundle in {@code dir}; files that are not the bundle's (a report) are left alone. */
  public static ModelBundle read(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "not a model bundle directory");
    }
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw new BundleFormatException(dir + ": incomplete model bundle, " + MANIFEST + " is missing");
    }
    Manifest m = manifest(Files.readAllBytes(manifest), dir.toString());
    Map<String, byte[]> parameters = new LinkedHashMap<>();
    for (Map.Entry<String, String> file : ModelKind.of(m.architecture()).parameterFiles(m).entrySet()) {
      Path path = dir.resolve(file.getKey());
      if (!Files.isRegularFile(path)) {
        throw missing(dir.toString(), file);
      }
      parameters.put(file.getKey(), Files.readAllBytes(path));
    }
    return verified(m, parameters, dir.toString());
  }

  /** The bundle as one zip archive with fixed entry order and times: same bundle, same bytes. */
  public static byte[] toArchive(ModelBundle bundle) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> file : files(bundle).entrySet()) {
        ZipEntry entry = new ZipEntry(file.getKey());
        entry.setTime(0L);
        zip.putNextEntry(entry);
        zip.write(file.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /** Reads an archive written by {@link #toArchive}; {@code origin} names it in errors. */
  public static ModelBundle fromArchive(byte[] archive, String origin) throws BundleFormatException {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries.put(e.getName(), zip.readAllBytes());
      }
    } catch (IOException e) {
      throw new BundleFormatException(origin + ": not a model bundle archive: " + e.getMessage(), e);
    }
    if (!entries.containsKey(MANIFEST)) {
      throw new BundleFormatException(origin + ": incomplete model bundle archive, " + MANIFEST + " is missing");
    }
    Manifest m = manifest(entries.get(MANIFEST), origin);
    Map<String, byte[]> parameters = new LinkedHashMap<>();
    for (Map.Entry<String, String> file : ModelKind.of(m.architecture()).parameterFiles(m).entrySet()) {
      if (!entries.containsKey(file.getKey())) {
        throw missing(origin + " (archive)", file);
      }
      parameters.put(file.getKey(), entries.get(file.getKey()));
    }
    return verified(m, parameters, origin);
  }

  private static Map<String, byte[]> files(ModelBundle bundle) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(MANIFEST, ManifestJson.write(bundle.manifest()).getBytes(StandardCharsets.UTF_8));
    for (String name : bundle.parameterFiles()) {
      files.put(name, bundle.parameters(name));
    }
    return files;
  }

  /** Parses manifest.json, refusing a format version this build does not read. */
  private static Manifest manifest(byte[] bytes, String origin) throws BundleFormatException {
    Manifest manifest;
    try {
      JsonObject json = ManifestJson.parse(new String(bytes, StandardCharsets.UTF_8));
      if (json == null || !json.has("formatVersion")) {
        throw new BundleFormatException(origin + ": " + MANIFEST + " has no formatVersion");
      }
      int format = json.get("formatVersion").getAsInt();
      if (format != Manifest.FORMAT_VERSION) {
        throw new BundleFormatException(origin + ": unknown bundle format version " + format
            + " (this build reads version " + Manifest.FORMAT_VERSION + ")");
      }
      manifest = ManifestJson.read(json);
    } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
      throw new BundleFormatException(origin + ": " + MANIFEST + " is not valid: " + e.getMessage(), e);
    }
    if (manifest.scoring() == null || manifest.architecture() == null || manifest.thresholds() == null
        || manifest.fields() == null || manifest.provenance() == null) {
      throw new BundleFormatException(origin + ": " + MANIFEST + " lacks scoring, architecture, thresholds,"
          + " fields or provenance");
    }
    return manifest;
  }

  private static BundleFormatException missing(String origin, Map.Entry<String, String> file) {
    return new BundleFormatException(origin + ": incomplete model bundle, " + file.getKey() + " is missing ("
        + file.getValue() + ")");
  }

  private static ModelBundle verified(Manifest manifest, Map<String, byte[]> parameters, String origin)
      throws BundleFormatException {
    String expected = ContentHash.of(manifest, parameters);
    if (!expected.equals(manifest.modelVersion())) {
      throw new BundleFormatException(origin + ": corrupt model bundle: content hash " + expected
          + " does not match its model version " + manifest.modelVersion());
    }
    try {
      return ModelBundle.of(manifest, parameters);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new BundleFormatException(origin + ": feature spec is not valid: " + e.getMessage(), e);
    }
  }
}
