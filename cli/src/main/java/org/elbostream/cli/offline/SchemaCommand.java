package org.elbostream.cli.offline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.elbostream.model.feature.FieldRole;
import org.elbostream.trainer.data.SchemaDraft;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code elbostream schema --from FILE.csv}: a starting Avro schema for a CSV, to edit and train with. */
@Command(name = "schema", mixinStandardHelpOptions = true,
    header = "Draft an Avro schema from a CSV with a header, to edit and train with.",
    description = "Draft an Avro schema from a CSV with a header: numbers become double features, true/false"
        + " booleans, a few distinct words categorical features, other text a carried string; edit it, then train"
        + " with --schema.")
public final class SchemaCommand implements Callable<Integer> {

  @Option(names = "--from", required = true, description = "CSV with a header row, plain or gzip.")
  Path from;

  @Option(names = "--out", description = "Where to write the schema (default: standard output).")
  Path out;

  @Mixin
  ColumnRoles columns;

  @Override
  public Integer call() throws Exception {
    Map<String, FieldRole> roles = columns.roles();
    Schema schema = SchemaDraft.of(from, roles);
    for (String named : roles.keySet()) {
      if (schema.getField(named) == null) {
        throw new IllegalArgumentException(from + ": no column '" + named + "'");
      }
    }
    String json = schema.toString(true) + "\n";
    if (out == null) {
      System.out.print(json);
    } else {
      Files.writeString(out, json);
      System.err.println("wrote " + out + ": " + schema.getFields().size() + " fields; edit it, then train with"
          + " --schema " + out);
    }
    return 0;
  }
}
