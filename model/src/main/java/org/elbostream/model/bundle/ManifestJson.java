package org.elbostream.model.bundle;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.TreeMap;

/**
 * The manifest as JSON: the one mapping between {@link Manifest} and its text, shared by the content
 * hash and the saved format. A field that holds its default is left out (Gson skips nulls), so a
 * field added since format 1 leaves older manifests, and their hashes, unchanged.
 */
public final class ManifestJson {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
      .serializeSpecialFloatingPointValues().create();

  private ManifestJson() {}

  /** The manifest as the bundle's manifest.json holds it. */
  public static String write(Manifest manifest) {
    return GSON.toJson(manifest);
  }

  /** The manifest's JSON tree. */
  public static JsonObject tree(Manifest manifest) {
    return GSON.toJsonTree(manifest).getAsJsonObject();
  }

  /** Parses manifest.json's text; null for empty text. */
  public static JsonObject parse(String text) {
    return GSON.fromJson(text, JsonObject.class);
  }

  /** Reads a manifest of the current format from its tree. */
  public static Manifest read(JsonObject json) {
    return GSON.fromJson(json, Manifest.class);
  }

  /** The JSON of a tree with every object's keys sorted: map order must not change a hash. */
  static String canonical(JsonElement tree) {
    return GSON.toJson(sorted(tree));
  }

  private static JsonElement sorted(JsonElement e) {
    if (e.isJsonObject()) {
      JsonObject out = new JsonObject();
      new TreeMap<>(e.getAsJsonObject().asMap()).forEach((k, v) -> out.add(k, sorted(v)));
      return out;
    }
    if (e.isJsonArray()) {
      JsonArray out = new JsonArray();
      e.getAsJsonArray().forEach(v -> out.add(sorted(v)));
      return out;
    }
    return e;
  }
}
