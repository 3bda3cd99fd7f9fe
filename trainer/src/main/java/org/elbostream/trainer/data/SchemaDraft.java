package org.elbostream.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.elbostream.model.feature.FieldRole;

/**
 * A starting Avro schema for a CSV with a header, for a user to edit: a column of numbers (empty
 * cells allowed) becomes a nullable double feature; of true/false a boolean; of at most
 * {@value #MAX_CATEGORIES} distinct words a categorical feature; any other column of text is carried
 * as a string, its role {@code passthrough} unless {@code roles} names it, with a doc saying what to
 * set instead. Nothing is guessed from a column's name.
 */
public final class SchemaDraft {
  /** Most distinct values a column of words may have to be drafted as categorical. */
  public static final int MAX_CATEGORIES = 20;

  private SchemaDraft() {}

  public static Schema of(Path csv, Map<String, FieldRole> roles) {
    List<String> columns;
    List<Column> kinds = new ArrayList<>();
    try (BufferedReader in = TextFiles.open(csv)) {
      String header = in.readLine();
      if (header == null || header.isBlank()) {
        throw new DataFileException(csv, 0, "empty file: a schema is drafted from a header row");
      }
      columns = List.of(header.split(",", -1)).stream().map(String::trim).toList();
      if (columns.stream().allMatch(SchemaDraft::isNumber)) {
        throw new DataFileException(csv, 1, "the first row is all numbers, not a header of column names");
      }
      columns.forEach(c -> kinds.add(new Column()));
      long line = 1;
      for (String row = in.readLine(); row != null; row = in.readLine()) {
        line++;
        String[] cells = row.split(",", -1);
        if (cells.length != columns.size()) {
          throw new DataFileException(csv, line, cells.length + " columns, the header has " + columns.size());
        }
        for (int c = 0; c < cells.length; c++) {
          kinds.get(c).see(cells[c].trim());
        }
      }
    } catch (NoSuchFileException e) {
      throw new DataFileException(csv, 0, "no such file");
    } catch (IOException e) {
      throw new UncheckedIOException(csv + ": " + e.getMessage(), e);
    }
    String name = csv.getFileName().toString().replaceAll("(\\.csv)?(\\.gz)?$", "").replaceAll("[^A-Za-z0-9_]", "_");
    List<Schema.Field> fields = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      fields.add(kinds.get(c).field(columns.get(c), roles.get(columns.get(c))));
    }
    return Schema.createRecord(name.isEmpty() || !Character.isLetter(name.charAt(0)) ? "Reading" : name,
        "drafted from " + csv.getFileName() + " by elbostream schema --from; edit it, then train with --schema",
        "org.elbostream.draft", false, fields);
  }

  private static boolean isNumber(String cell) {
    try {
      Double.parseDouble(cell);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** What one column's cells have shown so far. */
  private static final class Column {
    boolean empty;
    boolean allNumbers = true;
    boolean allBooleans = true;
    final Set<String> words = new LinkedHashSet<>();

    void see(String cell) {
      if (cell.isEmpty()) {
        empty = true;
        return;
      }
      allNumbers &= isNumber(cell);
      String lower = cell.toLowerCase(Locale.ROOT);
      allBooleans &= lower.equals("true") || lower.equals("false");
      if (words.size() <= MAX_CATEGORIES) {
        words.add(cell);
      }
    }

    Schema.Field field(String name, FieldRole role) {
      Schema nullString = nullable(Schema.create(Schema.Type.STRING));
      if (role != null && role != FieldRole.FEATURE) {
        Schema.Field f = new Schema.Field(name, nullString, null, Schema.Field.NULL_DEFAULT_VALUE);
        f.addProp(FieldRole.SCHEMA_PROPERTY, role.name().toLowerCase(Locale.ROOT));
        return f;
      }
      if (allNumbers) {
        return new Schema.Field(name, nullable(Schema.create(Schema.Type.DOUBLE)), null,
            Schema.Field.NULL_DEFAULT_VALUE);
      }
      if (allBooleans) {
        return new Schema.Field(name, nullable(Schema.create(Schema.Type.BOOLEAN)), null,
            Schema.Field.NULL_DEFAULT_VALUE);
      }
      if (words.size() <= MAX_CATEGORIES && words.stream().allMatch(w -> w.matches("[A-Za-z_][A-Za-z0-9_]*"))) {
        return new Schema.Field(name, nullable(Schema.createEnum(name + "_symbols", null, "org.elbostream.draft",
            new ArrayList<>(words))), null, Schema.Field.NULL_DEFAULT_VALUE);
      }
      Schema.Field f = new Schema.Field(name, nullString, "text, not modelled: set elbo.role to timestamp or key"
          + " if it is the rows' time or entity", Schema.Field.NULL_DEFAULT_VALUE);
      f.addProp(FieldRole.SCHEMA_PROPERTY, "passthrough");
      return f;
    }

    private static Schema nullable(Schema type) {
      return Schema.createUnion(Schema.create(Schema.Type.NULL), type);
    }
  }
}
