package org.elbostream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.elbostream.model.bundle.ModelBundle;
import picocli.CommandLine;

/** The model the demo and the benchmark serve: trained once on the bundled SMD machine, reused after. */
final class DemoModel {
  /** Where the demo keeps its model; the benchmarks serve the same one. */
  static final Path DIR = DemoData.HOME.resolve("target/demo/model");

  private DemoModel() {}

  /**
   * Trains into {@code dir} with the {@code train} command unless it already holds a bundle (or
   * {@code retrain}); returns that command's exit code, 0 when the model was reused.
   */
  static int ensure(CommandLine root, Path dir, int epochs, long seed, boolean retrain) {
    if (!retrain && Files.isRegularFile(dir.resolve(ModelBundle.MANIFEST))) {
      System.out.printf("using the model in %s (--retrain to train again)%n", dir);
      return 0;
    }
    return root.execute("train", "--train", DemoData.TRAIN.toString(), "--out", dir.toString(), "--epochs",
        String.valueOf(epochs), "--seed", String.valueOf(seed));
  }
}
