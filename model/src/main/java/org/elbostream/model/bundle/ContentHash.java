package org.elbostream.model.bundle;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The model version: SHA-256 over the manifest and the parameter files, leaving out what does not
 * change the model (the version itself, the creation time and the training wall time). Training
 * twice with the same data and seed therefore gives the same version, and two bundles with the same
 * version score every record identically.
 */
public final class ContentHash {
  private ContentHash() {}

  /**
   * @param parameters the parameter files in their kind's order (the order is part of the hash)
   */
  public static String of(Manifest manifest, Map<String, byte[]> parameters) {
    JsonObject json = ManifestJson.tree(manifest);
    json.remove("modelVersion");
    json.remove("createdAt");
    json.getAsJsonObject("provenance").remove("trainSeconds");
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ManifestJson.canonical(json).getBytes(StandardCharsets.UTF_8));
      parameters.values().forEach(sha::update);
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
