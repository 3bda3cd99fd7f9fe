package org.elbostream.streams.serde;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;
import org.apache.avro.message.SchemaStore;

/**
 * The schemas producers may write with, found by the 64-bit fingerprint at the head of every
 * single-object encoded record: the model's own input schema plus any older versions kept in a
 * folder. Filled at start-up and when a model arrives; read by every stream thread.
 */
public final class WriterSchemas implements SchemaStore {
  private final Map<Long, Schema> byFingerprint = new ConcurrentHashMap<>();

  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  public void add(Schema schema) {
    byFingerprint.put(fingerprint(schema), schema);
  }

  /** Adds every {@code .avsc} file of {@code dir}; a file that does not parse stops with its name. */
  public void addFolder(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
    }
    for (Path file : files) {
      try {
        add(new Schema.Parser().parse(file.toFile()));
      } catch (SchemaParseException e) {
        throw new IllegalArgumentException(file + ": not an Avro schema: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return byFingerprint.get(fingerprint);
  }
}
