package org.elbostream.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.feature.FieldRole;
import org.elbostream.model.feature.Likelihood;

/**
 * What a model is trained on: the table of normal records and the Avro schema the service will
 * read them with.
 *
 * @param table the rows, in feature form
 * @param inputSchema Avro schema JSON of the records: the one given, or one generated from the
 *     table's columns when none was (the service still needs one to read records from Kafka)
 */
public record TrainingData(Table table, String inputSchema) {

  /**
   * Reads a training file; with a schema file its fields decide the features and the file's header
   * must name them.
   *
   * @param schemaFile an Avro schema (.avsc), or null to derive the features from the file
   */
  public static TrainingData read(Path trainFile, Path schemaFile) throws IOException {
    return read(trainFile, schemaFile, Map.of());
  }

  /**
   * The same; without a schema, the columns named in {@code roles} are carried with that role (the
   * time, the entity), and the generated schema says so.
   */
  public static TrainingData read(Path trainFile, Path schemaFile, Map<String, FieldRole> roles) throws IOException {
    return read(trainFile, schemaFile, roles, null);
  }

  /**
   * The same; a HI-VAE types file ({@link ColumnTypes}), for a table without a schema, gives each
   * feature its likelihood, and the generated schema names it.
   */
  public static TrainingData read(Path trainFile, Path schemaFile, Map<String, FieldRole> roles, Path typesFile)
      throws IOException {
    if (schemaFile != null && typesFile != null) {
      throw new IllegalArgumentException("--types gives the columns of a file without a schema; with --schema,"
          + " name each field's likelihood in the schema (\"" + Likelihood.SCHEMA_PROPERTY + "\": \"log-normal\")");
    }
    if (schemaFile != null && !roles.isEmpty()) {
      throw new IllegalArgumentException("--time and --key name columns of a file without a schema; with --schema,"
          + " give each column's role in the schema (\"" + FieldRole.SCHEMA_PROPERTY + "\": \"timestamp\")");
    }
    String schemaJson = schemaFile == null ? null : readSchema(schemaFile);
    FeatureSpec spec = schemaJson == null ? null : parse(schemaFile, schemaJson);
    Table table = spec != null ? TableReader.read(trainFile, spec) : TableReader.read(trainFile, roles);
    if (typesFile != null) {
      table = ColumnTypes.read(typesFile).typed(table, typesFile);
    }
    return new TrainingData(table, schemaJson != null ? schemaJson
        : table.spec().toAvroSchema("Reading", "org.elbostream.generated").toString(true));
  }

  private static String readSchema(Path schemaFile) throws IOException {
    try {
      return Files.readString(schemaFile);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(schemaFile.toString(), null, "no such schema file");
    }
  }

  private static FeatureSpec parse(Path schemaFile, String json) {
    Schema schema;
    try {
      schema = new Schema.Parser().parse(json);
    } catch (SchemaParseException e) {
      // The JSON parser's message runs over two lines: what is wrong, then where.
      String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      Matcher at = Pattern.compile("line: (\\d+), column: (\\d+)").matcher(why);
      throw new IllegalArgumentException(schemaFile + (at.find() ? ":" + at.group(1) + ":" + at.group(2) : "")
          + ": not an Avro schema: " + why.lines().findFirst().orElse(why), e);
    }
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException(schemaFile + ": the schema is a " + schema.getType().getName()
          + ", not a record: expected {\"type\": \"record\", \"fields\": [...]}");
    }
    try {
      return FeatureSpec.fromAvro(schema);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(schemaFile + ": " + e.getMessage(), e);
    }
  }
}
