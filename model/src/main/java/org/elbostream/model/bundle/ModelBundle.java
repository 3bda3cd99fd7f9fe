package org.elbostream.model.bundle;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.elbostream.model.discrete.SigmoidBeliefNet;
import org.elbostream.model.discrete.SigmoidBeliefScorer;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.net.VaeNetworks;
import org.elbostream.model.scoring.LatentGaussianScorer;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.model.scoring.ScoringOptions;
import org.elbostream.model.threshold.Thresholds;

/**
 * A trained model as one immutable value: manifest plus the parameters of both networks. Written as
 * a directory ({@link #writeTo}) or as one archive ({@link #toArchive}) that can travel through a
 * Kafka topic; both carry the same bytes. The model version is a content hash, so two bundles with
 * the same version score every record identically.
 */
public final class ModelBundle {
  /** The bundle layout this build writes and reads. */
  public static final int FORMAT_VERSION = 1;
  public static final String MANIFEST = "manifest.json";
  public static final String RECOGNITION = "recognition.params";
  public static final String GENERATIVE = "generative.params";
  /** M sampled generative parameter sets, each length-prefixed; only in a Bayesian model's bundle. */
  public static final String WEIGHT_SAMPLES = "generative-samples.params";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
      .serializeSpecialFloatingPointValues().create();

  private final Manifest manifest;
  private final FeatureSpec featureSpec;
  private final byte[] recognition;
  private final byte[] generative;
  private final byte[] weightSamples; // null for a point estimate

  private ModelBundle(Manifest manifest, byte[] recognition, byte[] generative, byte[] weightSamples) {
    this.manifest = manifest;
    this.featureSpec = new FeatureSpec(manifest.fields());
    this.recognition = recognition;
    this.generative = generative;
    this.weightSamples = weightSamples;
  }

  /** Assembles a bundle from trained networks and stamps it with its content hash. */
  public static ModelBundle of(FeatureSpec spec, String inputSchema, VaeNetworks networks, Thresholds thresholds,
      ScoringOptions scoring, Provenance provenance) {
    return of(spec, inputSchema, networks, List.of(), thresholds, scoring, provenance);
  }

  /**
   * @param weightSamples serialised generative parameter sets sampled from their posterior (see
   *     {@link VaeNetworks#generativeParameters}); empty for a point estimate
   */
  public static ModelBundle of(FeatureSpec spec, String inputSchema, VaeNetworks networks, List<byte[]> weightSamples,
      Thresholds thresholds, ScoringOptions scoring, Provenance provenance) {
    return assemble(spec, inputSchema, networks.architecture(), networks.recognitionParameters(),
        networks.generativeParameters(), weightSamples, thresholds, scoring, provenance);
  }

  /** A bundle of a sigmoid belief network (its baseline network, needed for training only, is left out). */
  public static ModelBundle of(FeatureSpec spec, String inputSchema, SigmoidBeliefNet net, Thresholds thresholds,
      ScoringOptions scoring, Provenance provenance) {
    return assemble(spec, inputSchema, net.architecture(), net.recognitionParameters(), net.generativeParameters(),
        List.of(), thresholds, scoring, provenance);
  }

  private static ModelBundle assemble(FeatureSpec spec, String inputSchema, Architecture architecture, byte[] rec,
      byte[] gen, List<byte[]> weightSamples, Thresholds thresholds, ScoringOptions scoring, Provenance provenance) {
    Integer m = weightSamples.isEmpty() ? null : weightSamples.size();
    Manifest draft = new Manifest(FORMAT_VERSION, null, Instant.now().toString(), spec.fields(), inputSchema,
        architecture, thresholds, scoring, provenance, m);
    byte[] samples = m == null ? null : packed(weightSamples);
    String version = contentHash(draft, rec, gen, samples);
    Manifest manifest = new Manifest(FORMAT_VERSION, version, draft.createdAt(), draft.fields(), inputSchema,
        draft.architecture(), thresholds, scoring, provenance, m);
    return new ModelBundle(manifest, rec, gen, samples);
  }

  private static byte[] packed(List<byte[]> parts) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (byte[] part : parts) {
        out.writeInt(part.length);
        out.write(part);
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private List<byte[]> unpacked() throws BundleFormatException {
    List<byte[]> parts = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(weightSamples))) {
      while (in.available() > 0) {
        byte[] part = new byte[in.readInt()];
        in.readFully(part);
        parts.add(part);
      }
    } catch (IOException | NegativeArraySizeException e) {
      throw new BundleFormatException("model " + version() + ": " + WEIGHT_SAMPLES + " is truncated", e);
    }
    if (parts.size() != manifest.weightSamples()) {
      throw new BundleFormatException("model " + version() + ": " + WEIGHT_SAMPLES + " holds " + parts.size()
          + " weight samples, the manifest declares " + manifest.weightSamples());
    }
    return parts;
  }

  /**
   * SHA-256 over the manifest and both parameter files, leaving out what does not change the
   * model: the version itself, the creation time and the training wall time. Training twice with
   * the same data and seed therefore gives the same version.
   */
  static String contentHash(Manifest manifest, byte[] recognition, byte[] generative, byte[] weightSamples) {
    JsonObject json = GSON.toJsonTree(manifest).getAsJsonObject();
    json.remove("modelVersion");
    json.remove("createdAt");
    json.getAsJsonObject("provenance").remove("trainSeconds");
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(GSON.toJson(canonical(json)).getBytes(StandardCharsets.UTF_8));
      sha.update(recognition);
      sha.update(generative);
      if (weightSamples != null) {
        sha.update(weightSamples);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The same JSON with every object's keys sorted: map order must not change the hash. */
  private static JsonElement canonical(JsonElement e) {
    if (e.isJsonObject()) {
      JsonObject sorted = new JsonObject();
      new TreeMap<>(e.getAsJsonObject().asMap()).forEach((k, v) -> sorted.add(k, canonical(v)));
      return sorted;
    }
    if (e.isJsonArray()) {
      JsonArray out = new JsonArray();
      e.getAsJsonArray().forEach(v -> out.add(canonical(v)));
      return out;
    }
    return e;
  }

  public Manifest manifest() {
    return manifest;
  }

  /** The model version: a content hash. */
  public String version() {
    return manifest.modelVersion();
  }

  public FeatureSpec featureSpec() {
    return featureSpec;
  }

  public Thresholds thresholds() {
    return manifest.thresholds();
  }

  /** What the latent units are: which of {@link #networks} and {@link #sigmoidBeliefNet} applies. */
  public Architecture.Latent latentUnits() {
    return manifest.architecture().units();
  }

  /**
   * Rebuilds the Gaussian-latent networks from the architecture and loads the parameters into
   * {@code manager}.
   */
  public VaeNetworks networks(NDManager manager) throws BundleFormatException {
    if (latentUnits() != Architecture.Latent.GAUSSIAN) {
      throw new BundleFormatException("model " + version() + " has binary latent units: a sigmoid belief network,"
          + " which the Gaussian-latent samplers cannot use");
    }
    try {
      return VaeNetworks.load(manifest.architecture(), new FeatureLayout(featureSpec), manager, recognition, generative);
    } catch (IOException e) {
      throw new BundleFormatException("model " + version() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The networks with each sampled draw of the generative weights, sharing {@code networks}'
   * recognition network; empty for a point estimate.
   */
  public List<VaeNetworks> weightSamples(VaeNetworks networks, NDManager manager) throws BundleFormatException {
    if (weightSamples == null) {
      return List.of();
    }
    List<VaeNetworks> out = new ArrayList<>();
    try {
      for (byte[] parameters : unpacked()) {
        out.add(networks.withGenerativeParameters(parameters, manager));
      }
    } catch (IOException e) {
      throw new BundleFormatException("model " + version() + ": weight sample " + (out.size() + 1) + ": "
          + e.getMessage(), e);
    }
    return out;
  }

  /** Rebuilds a sigmoid belief network and loads its parameters into {@code manager}. */
  public SigmoidBeliefNet sigmoidBeliefNet(NDManager manager) throws BundleFormatException {
    try {
      return SigmoidBeliefNet.load(manifest.architecture(), new FeatureLayout(featureSpec), manager, recognition,
          generative);
    } catch (IOException | IllegalArgumentException e) {
      throw new BundleFormatException("model " + version() + ": " + e.getMessage(), e);
    }
  }

  /** A scorer of the model's kind that scores the way the thresholds were calibrated (every weight sample). */
  public RowScorer scorer(NDManager manager) throws BundleFormatException {
    if (latentUnits() == Architecture.Latent.BERNOULLI) {
      return new SigmoidBeliefScorer(sigmoidBeliefNet(manager), manifest.scoring(), manager);
    }
    return scorer(networks(manager), manager);
  }

  /**
   * The Gaussian-latent scorer on networks already loaded from this bundle, so that a caller that
   * also imputes with them holds one copy of the parameters.
   */
  public RowScorer scorer(VaeNetworks networks, NDManager manager) throws BundleFormatException {
    return new LatentGaussianScorer(networks, weightSamples(networks, manager), manifest.scoring(), manager);
  }

  public void writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> file : files().entrySet()) {
      Files.write(dir.resolve(file.getKey()), file.getValue());
    }
  }

  public static ModelBundle read(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "not a model bundle directory");
    }
    Map<String, byte[]> files = new HashMap<>();
    for (String name : new String[] {MANIFEST, RECOGNITION, GENERATIVE, WEIGHT_SAMPLES}) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        files.put(name, Files.readAllBytes(file));
      } else if (!name.equals(WEIGHT_SAMPLES)) {
        throw new BundleFormatException(dir + ": incomplete model bundle, " + name + " is missing");
      }
    }
    return fromFiles(files, dir.toString());
  }

  /** The bundle as one zip archive with fixed entry order and times: same bundle, same bytes. */
  public byte[] toArchive() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> file : files().entrySet()) {
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
    Map<String, byte[]> files = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        files.put(e.getName(), zip.readAllBytes());
      }
    } catch (IOException e) {
      throw new BundleFormatException(origin + ": not a model bundle archive: " + e.getMessage(), e);
    }
    for (String name : new String[] {MANIFEST, RECOGNITION, GENERATIVE}) {
      if (!files.containsKey(name)) {
        throw new BundleFormatException(origin + ": incomplete model bundle archive, " + name + " is missing");
      }
    }
    return fromFiles(files, origin);
  }

  private static ModelBundle fromFiles(Map<String, byte[]> files, String origin) throws BundleFormatException {
    Manifest manifest;
    try {
      JsonObject json = GSON.fromJson(new String(files.get(MANIFEST), StandardCharsets.UTF_8), JsonObject.class);
      if (json == null || !json.has("formatVersion")) {
        throw new BundleFormatException(origin + ": " + MANIFEST + " has no formatVersion");
      }
      int format = json.get("formatVersion").getAsInt();
      if (format != FORMAT_VERSION) {
        throw new BundleFormatException(origin + ": unknown bundle format version " + format
            + " (this build reads version " + FORMAT_VERSION + ")");
      }
      manifest = GSON.fromJson(json, Manifest.class);
      if (manifest.scoring() == null || manifest.architecture() == null || manifest.thresholds() == null
          || manifest.fields() == null || manifest.provenance() == null) {
        throw new BundleFormatException(origin + ": " + MANIFEST + " lacks scoring, architecture, thresholds,"
            + " fields or provenance");
      }
    } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
      throw new BundleFormatException(origin + ": " + MANIFEST + " is not valid: " + e.getMessage(), e);
    }
    if ((manifest.weightSamples() != null) != files.containsKey(WEIGHT_SAMPLES)) {
      throw new BundleFormatException(origin + ": incomplete model bundle: the manifest declares "
          + manifest.weightSamples() + " weight samples, " + WEIGHT_SAMPLES + " is "
          + (files.containsKey(WEIGHT_SAMPLES) ? "present" : "missing"));
    }
    String expected = contentHash(manifest, files.get(RECOGNITION), files.get(GENERATIVE), files.get(WEIGHT_SAMPLES));
    if (!expected.equals(manifest.modelVersion())) {
      throw new BundleFormatException(origin + ": corrupt model bundle: content hash " + expected
          + " does not match its model version " + manifest.modelVersion());
    }
    try {
      return new ModelBundle(manifest, files.get(RECOGNITION), files.get(GENERATIVE), files.get(WEIGHT_SAMPLES));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new BundleFormatException(origin + ": feature spec is not valid: " + e.getMessage(), e);
    }
  }

  private Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(MANIFEST, GSON.toJson(manifest).getBytes(StandardCharsets.UTF_8));
    files.put(RECOGNITION, recognition);
    files.put(GENERATIVE, generative);
    if (weightSamples != null) {
      files.put(WEIGHT_SAMPLES, weightSamples);
    }
    return files;
  }

}
