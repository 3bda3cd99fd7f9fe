package org.elbostream.cli.offline;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TrainingData;
import org.elbostream.trainer.fit.TrainingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code elbostream train}: fit a model on normal data and write a bundle and a report. Every
 * training setting is an option, made from its declaration in {@link TrainingSettings}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, modelTransformer = TrainCommand.Settings.class,
    description = "Train a model on normal records; writes a model bundle and report.html to --out.")
public final class TrainCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

  @Spec
  CommandSpec spec;

  @Option(names = "--train", required = true, description = "Training data: CSV (header row, or headerless numeric as in SMD), plain or gzip.")
  Path train;

  @Option(names = "--out", required = true, description = "Directory for the model bundle and report.")
  Path out;

  @Option(names = "--schema", description = "Avro schema (.avsc) whose fields decide the features; the CSV header must name them.")
  Path schema;

  @Option(names = "--types", paramLabel = "FILE", description = {"A HI-VAE data_types.csv for a CSV without a schema:"
      + " one line type,dim,nclass per feature column, the type real (Gaussian, or --likelihood), pos (log-normal of"
      + " log(1+x)), count (Poisson), ordinal or cat (an enum of the column's distinct values)."})
  Path types;

  @Mixin
  ColumnRoles columns;

  /** Every declared training setting as an option. */
  static final class Settings extends SettingOptions.Declared {
    Settings() {
      super(TrainingSettings.DECLARED);
    }
  }

  @Override
  public Integer call() throws Exception {
    TrainingData data = TrainingData.read(train, schema, columns.roles(), types);
    Table table = data.table();
    LOG.info("read {} rows x {} features from {}", table.size(), table.spec().featureCount(), train);
    TrainingSettings settings = SettingOptions.apply(spec, TrainingSettings.DECLARED, TrainingSettings.builder())
        .build();
    Training.toDirectory(data, settings, out);
    return 0;
  }
}
