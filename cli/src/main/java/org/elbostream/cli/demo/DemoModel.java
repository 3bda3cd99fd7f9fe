package org.elbostream.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.elbostream.cli.offline.Training;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.trainer.data.TrainingData;
import org.elbostream.trainer.fit.TrainingSettings;

/** The model the demo and the benchmarks serve: trained once on the bundled SMD machine, reused after. */
public final class DemoModel {
  /** Where the demo keeps its model; the benchmarks serve the same one. */
  public static final Path DIR = DemoData.HOME.resolve("target/demo/model");

  private DemoModel() {}

  /**
   * Trains into {@code dir}, with the defaults of {@code train} but for the epochs and the seed,
   * unless it already holds a bundle (or {@code retrain}).
   */
  public static void ensure(Path dir, int epochs, long seed, boolean retrain) throws IOException {
    if (!retrain && Files.isRegularFile(dir.resolve(BundleFormat.MANIFEST))) {
      System.out.printf("using the model in %s (--retrain to train again)%n", dir);
      return;
    }
    Training.toDirectory(TrainingData.read(DemoData.TRAIN, null),
        TrainingSettings.builder().epochs(epochs).seed(seed).build(), dir);
  }
}
