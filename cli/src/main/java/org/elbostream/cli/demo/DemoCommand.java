package org.elbostream.cli.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elbostream demo}: the service end to end on one machine, nothing to install — an embedded
 * Kafka broker, a model trained on the bundled SMD machine, the labelled test split replayed with
 * some fields blanked, and a summary of what the service flagged and filled in.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the service end to end on an embedded Kafka broker with the bundled SMD machine.")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "${sys:elbostream.home:-.}/target/demo", description = "Where the model, report and results go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--epochs", defaultValue = "40", description = "Maximum training epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--retrain", description = "Train again even if --out already holds a model.")
  boolean retrain;

  @Option(names = "--records", description = "Stop after this many input records (default: the whole test split).")
  Integer records;

  @Option(names = "--blank", defaultValue = "0.1", description = "Fraction of fields blanked before replay (default: ${DEFAULT-VALUE}).")
  double blank;

  @Option(names = "--batch-size", defaultValue = "256", description = "The service's batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of training and of the blanking (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--keep-running", description = "After the replay, keep the service and the broker running, its"
      + " metrics and topics there to look at, until Ctrl-C.")
  boolean keepRunning;

  @Override
  public Integer call() throws Exception {
    if (!(blank >= 0 && blank < 1)) {
      throw new IllegalArgumentException("--blank must be in [0, 1), got " + blank);
    }
    Path model = out.resolve("model");
    DemoModel.ensure(model, epochs, seed, retrain);
    return new StreamingDemo(out, model, records, blank, batchSize, seed, keepRunning).run();
  }
}
