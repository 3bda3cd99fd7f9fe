package org.elbostream.cli.offline;

import java.util.LinkedHashMap;
import java.util.Map;
import org.elbostream.model.feature.FieldRole;
import picocli.CommandLine.Option;

/** {@code --time} and {@code --key}: the columns of a CSV that say when and of what a row is. */
final class ColumnRoles {
  @Option(names = "--time", paramLabel = "COLUMN", description = "The column holding each row's time: carried, not"
      + " modelled.")
  String time;

  @Option(names = "--key", paramLabel = "COLUMN", description = "The column naming each row's entity (machine,"
      + " sensor): carried, not modelled.")
  String key;

  /** The columns named, with their roles. */
  Map<String, FieldRole> roles() {
    Map<String, FieldRole> roles = new LinkedHashMap<>();
    if (time != null) {
      roles.put(time, FieldRole.TIMESTAMP);
    }
    if (key != null) {
      if (key.equals(time)) {
        throw new IllegalArgumentException("--time and --key name the same column '" + key + "'");
      }
      roles.put(key, FieldRole.KEY);
    }
    return roles;
  }
}
