package org.elbostream.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.feature.FieldRole;
import org.elbostream.model.feature.FieldSpec;

/**
 * Reads comma-separated data, plain or gzip. A first line with any non-numeric cell is a header
 * whose names become fields; otherwise the file is headerless numeric data (the SMD layout) and
 * its columns become nullable doubles {@code x0..x{d-1}}. An empty cell is a missing value. Every
 * other problem stops the read with the file, line and field: nothing is skipped.
 */
public final class TableReader {
  private TableReader() {}

  /** Reads a file and derives the feature spec from its header (or its width). */
  public static Table read(Path file) {
    return read(file, Map.of());
  }

  /**
   * Reads a file and derives the feature spec from its header, the columns named in {@code roles}
   * carried with that role (the time, the entity) instead of modelled.
   */
  public static Table read(Path file, Map<String, FieldRole> roles) {
    return read(file, null, roles);
  }

  /**
   * Reads a file for a known feature spec (a model's, or one from an Avro schema). A header must
   * name every feature (extra columns are an error unless they are the spec's carried fields); a
   * headerless file must have exactly one column per feature.
   */
  public static Table read(Path file, FeatureSpec spec) {
    return read(file, spec, Map.of());
  }

  private static Table read(Path file, FeatureSpec given, Map<String, FieldRole> roles) {
    FeatureSpec spec = given;
    try (BufferedReader in = TextFiles.open(file)) {
      String first = in.readLine();
      if (first == null || first.isBlank()) {
        throw new DataFileException(file, 0, "empty file: no header and no rows");
      }
      String[] firstCells = split(first);
      boolean header = Arrays.stream(firstCells).anyMatch(c -> !c.isBlank() && !looksNumeric(c));
      List<String> columns = header ? Arrays.stream(firstCells).map(String::trim).toList() : null;
      if (spec == null) {
        checkRoles(file, columns, roles);
        spec = header ? FeatureSpec.fromColumnNames(columns, roles) : FeatureSpec.numericColumns(firstCells.length);
      }
      boolean derived = given == null;
      int[] columnToFeature = header ? mapHeader(file, columns, spec) : identity(file, firstCells.length, spec);
      int timeColumn = header ? roleColumn(columns, spec, FieldRole.TIMESTAMP) : -1;
      int keyColumn = header ? roleColumn(columns, spec, FieldRole.KEY) : -1;
      List<String> times = timeColumn < 0 ? null : new ArrayList<>();
      List<String> keys = keyColumn < 0 ? null : new ArrayList<>();
      List<double[]> rows = new ArrayList<>();
      long lineNo = 1;
      if (!header) {
        rows.add(parse(file, lineNo, firstCells, columnToFeature, spec, derived));
      }
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNo++;
        String[] cells = split(line);
        rows.add(parse(file, lineNo, cells, columnToFeature, spec, derived));
        if (times != null) {
          times.add(cells[timeColumn].trim());
        }
        if (keys != null) {
          keys.add(cells[keyColumn].trim());
        }
      }
      if (rows.isEmpty()) {
        throw new DataFileException(file, 0, "no data rows after the header");
      }
      return new Table(file, spec, rows, times, keys);
    } catch (NoSuchFileException e) {
      throw new DataFileException(file, 0, "no such file");
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  private static String[] split(String line) {
    return line.split(",", -1);
  }

  private static boolean looksNumeric(String cell) {
    String c = cell.trim().toLowerCase(Locale.ROOT);
    if (c.equals("nan") || c.contains("inf")) {
      return true; // a number we reject later with a clear message, not a column name
    }
    try {
      Double.parseDouble(c);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static int[] identity(Path file, int width, FeatureSpec spec) {
    if (width != spec.featureCount()) {
      throw new DataFileException(file, 1, width + " columns, the model expects " + spec.featureCount()
          + " (" + spec.featureNames().get(0) + ".." + spec.featureNames().get(spec.featureCount() - 1) + ")");
    }
    int[] map = new int[width];
    Arrays.setAll(map, i -> i);
    return map;
  }

  /** Column index to feature index, -1 for a carried (ignored) column. */
  private static int[] mapHeader(Path file, List<String> columns, FeatureSpec spec) {
    Map<String, Integer> featureIndex = new HashMap<>();
    List<String> names = spec.featureNames();
    for (int j = 0; j < names.size(); j++) {
      featureIndex.put(names.get(j), j);
    }
    List<String> carried = spec.fields().stream().filter(f -> !f.isFeature()).map(FieldSpec::name).toList();
    int[] map = new int[columns.size()];
    boolean[] seen = new boolean[names.size()];
    for (int c = 0; c < columns.size(); c++) {
      String name = columns.get(c);
      Integer j = featureIndex.get(name);
      if (j == null) {
        if (!carried.contains(name)) {
          throw new DataFileException(file, 1, "column '" + name + "' is not a feature of the model "
              + names);
        }
        map[c] = -1;
      } else if (seen[j]) {
        throw new DataFileException(file, 1, "column '" + name + "' appears twice");
      } else {
        seen[j] = true;
        map[c] = j;
      }
    }
    for (int j = 0; j < seen.length; j++) {
      if (!seen[j]) {
        throw new DataFileException(file, 1, "feature '" + names.get(j) + "' has no column");
      }
    }
    return map;
  }

  /** The header's column holding the field with this role, or -1. */
  private static int roleColumn(List<String> columns, FeatureSpec spec, FieldRole role) {
    return spec.fields().stream().filter(f -> f.role() == role).findFirst()
        .map(f -> columns.indexOf(f.name())).orElse(-1);
  }

  /** Every column a role names must be in the header. */
  private static void checkRoles(Path file, List<String> columns, Map<String, FieldRole> roles) {
    for (Map.Entry<String, FieldRole> r : roles.entrySet()) {
      String option = "--" + (r.getValue() == FieldRole.TIMESTAMP ? "time" : r.getValue().name().toLowerCase(Locale.ROOT));
      if (columns == null) {
        throw new DataFileException(file, 1, option + " " + r.getKey() + ": the file has no header to name columns by");
      }
      if (!columns.contains(r.getKey())) {
        throw new DataFileException(file, 1, option + " " + r.getKey() + ": the header has no column '" + r.getKey()
            + "' (it has " + String.join(", ", columns) + ")");
      }
    }
  }

  /**
   * @param derived whether the spec came from the file itself, where a column of text is most
   *     likely a time or an entity the user has not named yet
   */
  private static double[] parse(Path file, long line, String[] cells, int[] columnToFeature, FeatureSpec spec,
      boolean derived) {
    if (cells.length != columnToFeature.length) {
      throw new DataFileException(file, line, cells.length + " columns, expected " + columnToFeature.length);
    }
    double[] row = new double[spec.featureCount()];
    for (int c = 0; c < cells.length; c++) {
      int j = columnToFeature[c];
      if (j < 0) {
        continue;
      }
      FieldSpec field = spec.features().get(j);
      String cell = cells[c].trim();
      if (cell.isEmpty() || missingMark(cell)) {
        if (!field.nullable()) {
          throw new DataFileException(file, line, "field '" + field.name() + "' is empty but may not be missing");
        }
        row[j] = Double.NaN;
        continue;
      }
      row[j] = parseCell(file, line, field, cell, derived);
    }
    return row;
  }

  /**
   * Whether a cell spells a missing value as other tools write one: NaN (NumPy, as HI-VAE's tables
   * do) or NA (R). An empty cell is the plain way.
   */
  private static boolean missingMark(String cell) {
    return cell.equalsIgnoreCase("nan") || cell.equals("NA");
  }

  private static double parseCell(Path file, long line, FieldSpec field, String cell, boolean derived) {
    switch (field.likelihood()) {
      case BERNOULLI -> {
        switch (cell.toLowerCase(Locale.ROOT)) {
          case "1", "true" -> {
            return 1;
          }
          case "0", "false" -> {
            return 0;
          }
          default -> throw new DataFileException(file, line, "field '" + field.name() + "': '" + cell
              + "' is not a boolean (true/false/1/0)");
        }
      }
      case CATEGORICAL, ORDINAL -> {
        int k = field.symbolIndex(cell);
        if (k < 0) {
          throw new DataFileException(file, line, "field '" + field.name() + "': '" + cell
              + "' is not one of " + field.categories());
        }
        return k;
      }
      default -> {
        double v;
        try {
          v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
          throw new DataFileException(file, line, "field '" + field.name() + "': '" + cell + "' is not a number"
              + (derived ? "; if the column is the rows' time or entity, name it with --time " + field.name()
                  + " or --key " + field.name() + " (or describe every column in an Avro schema: see elbostream"
                  + " schema --from " + file.getFileName() + ")" : ""));
        }
        if (!Double.isFinite(v)) {
          throw new DataFileException(file, line, "field '" + field.name() + "': " + cell
              + " is not allowed; leave the cell empty (or write NaN) for a missing value");
        }
        return v;
      }
    }
  }
}
