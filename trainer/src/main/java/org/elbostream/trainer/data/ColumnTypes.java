package org.elbostream.trainer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What kind of value each column of a table holds, read from a HI-VAE {@code data_types.csv}
 * (Nazabal et al. 2020): a header {@code type,dim,nclass}, then one line per column, the type one
 * of {@code real}, {@code pos} (positive real), {@code count}, {@code ordinal} or {@code cat}, and
 * for the last two the number of classes. A column's type decides how its imputation is judged.
 */
public record ColumnTypes(List<Column> columns) {
  /** A column's type. */
  public enum Kind { REAL, POS, COUNT, ORDINAL, CAT;

    /** Ordinal and categorical cells are right or wrong; the others are near or far. */
    public boolean discrete() {
      return this == ORDINAL || this == CAT;
    }

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One column: its kind, and its classes when it is discrete (0 otherwise). */
  public record Column(Kind kind, int classes) {}

  /** Reads {@code file}; a line it cannot read stops with the file and line. */
  public static ColumnTypes read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (lines.isEmpty() || !lines.get(0).strip().toLowerCase(Locale.ROOT).startsWith("type")) {
      throw new DataFileException(file, 1, "expected the header type,dim,nclass of a HI-VAE data_types.csv");
    }
    List<Column> columns = new ArrayList<>();
    for (int n = 1; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      Kind kind;
      try {
        kind = Kind.valueOf(cells[0].strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new DataFileException(file, n + 1, "unknown type '" + cells[0].strip()
            + "': expected real, pos, count, ordinal or cat");
      }
      int classes = 0;
      if (kind.discrete()) {
        String given = cells.length > 2 ? cells[2].strip() : "";
        try {
          classes = Integer.parseInt(given);
        } catch (NumberFormatException e) {
          throw new DataFileException(file, n + 1, "a " + kind.key() + " column needs its number of classes in"
              + " the third field, got '" + given + "'");
        }
      }
      columns.add(new Column(kind, classes));
    }
    return new ColumnTypes(List.copyOf(columns));
  }

  public int size() {
    return columns.size();
  }

  public Kind kind(int column) {
    return columns.get(column).kind();
  }
}
