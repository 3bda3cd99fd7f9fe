package org.elbostream.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.elbostream.model.feature.FeatureSpec;

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
    String schemaJson = schemaFile == null ? null : readSchema(schemaFile);
    FeatureSpec spec = schemaJson == null ? null : parse(schemaFile, schemaJson);
    Table table = TableReader.read(trainFile, spec);
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
    try {
      return FeatureSpec.fromAvro(new Schema.Parser().parse(json));
    } catch (SchemaParseException e) {
      throw new IllegalArgumentException(schemaFile + ": not an Avro schema: " + e.getMessage(), e);
    }
  }
}
