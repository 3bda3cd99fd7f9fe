package org.elbostream.trainer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.feature.Likelihood;

/**
 * What kind of value each column of a table holds, read from a HI-VAE {@code data_types.csv}
 * (Nazabal et al. 2020): a header {@code type,dim,nclass}, then one line per column, the type one
 * of {@code real}, {@code pos} (positive real), {@code count}, {@code ordinal} or {@code cat}, and
 * for the last two the number of classes. A column's type decides its likelihood and how its
 * imputation is judged.
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

  /** The likelihood a column of this kind is modelled by. */
  public static Likelihood likelihood(Kind kind) {
    return switch (kind) {
      case REAL -> Likelihood.GAUSSIAN;
      case POS -> Likelihood.LOG_NORMAL;
      case COUNT -> Likelihood.POISSON;
      case ORDINAL -> Likelihood.ORDINAL;
      case CAT -> Likelihood.CATEGORICAL;
    };
  }

  /**
   * {@code table}, read as plain numbers, with each feature modelled as its type says: a positive
   * column log-normal, a count Poisson, an ordinal or categorical column an enum whose symbols are
   * its distinct values in increasing order, as Avro spells them ({@link FieldSpec#symbolOf}: 1 is
   * {@code _1}), each cell then the index of its value. A value its
   * type cannot hold stops with the types file's line and the data row.
   *
   * @param typesFile where these types were read, for the errors
   */
  public Table typed(Table table, Path typesFile) {
    FeatureSpec spec = table.spec();
    if (spec.featureCount() != columns.size()) {
      throw new DataFileException(typesFile, 0, "gives " + columns.size() + " column types, but " + table.source()
          + " has " + spec.featureCount() + " columns");
    }
    List<double[]> rows = new ArrayList<>(table.size());
    for (double[] row : table.rows()) {
      rows.add(row.clone());
    }
    List<FieldSpec> features = new ArrayList<>();
    for (int j = 0; j < columns.size(); j++) {
      Column column = columns.get(j);
      FieldSpec plain = spec.features().get(j);
      long line = j + 2L;
      List<String> symbols = List.of();
      if (column.kind().discrete()) {
        TreeSet<Double> values = new TreeSet<>();
        for (double[] r : rows) {
          if (!Double.isNaN(r[j])) {
            values.add(r[j]);
          }
        }
        if (values.size() > column.classes() || values.size() < 2) {
          throw new DataFileException(typesFile, line, "column '" + plain.name() + "' is " + column.kind().key()
              + " with " + column.classes() + " classes, but " + table.source() + " holds " + values.size()
              + " distinct values in it");
        }
        List<Double> ordered = List.copyOf(values);
        symbols = ordered.stream().map(FieldSpec::symbolOf).toList();
        for (double[] r : rows) {
          if (!Double.isNaN(r[j])) {
            r[j] = Collections.binarySearch(ordered, r[j]);
          }
        }
      } else if (column.kind() != Kind.REAL) {
        for (int i = 0; i < rows.size(); i++) {
          double v = rows.get(i)[j];
          if (v < 0 || column.kind() == Kind.COUNT && v != Math.rint(v)) {
            throw new DataFileException(typesFile, line, "column '" + plain.name() + "' is " + column.kind().key()
                + ", but data row " + (i + 1) + " of " + table.source() + " holds " + v);
          }
        }
      }
      features.add(FieldSpec.feature(plain.name(), likelihood(column.kind()), plain.nullable(), symbols));
    }
    List<FieldSpec> fields = new ArrayList<>();
    int j = 0;
    for (FieldSpec f : spec.fields()) {
      fields.add(f.isFeature() ? features.get(j++) : f);
    }
    return new Table(table.source(), new FeatureSpec(fields), rows, table.times(), table.keys());
  }

  public int size() {
    return columns.size();
  }

  public Kind kind(int column) {
    return columns.get(column).kind();
  }
}
