package org.elbostream.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.elbostream.cli.offline.Training;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.model.kind.ModelKind;
import org.elbostream.trainer.data.TrainingData;
import org.elbostream.trainer.fit.TrainingSettings;

/** The model the demo and the benchmarks serve: trained once on the bundled SMD machine, reused after. */
public final class DemoModel {
  /** Where the demo keeps its model; the benchmarks serve the same one. */
  public static final Path DIR = DemoData.HOME.resolve("target/demo/model");

  private DemoModel() {}

  /**
   * Trains into {@code dir}, with the defaults of {@code train} but for the epochs and the seed,
   * unless it already holds a bundle trained so (or {@code retrain}).
   */
  public static void ensure(Path dir, int epochs, long seed, boolean retrain) throws IOException {
    ensure(dir, TrainingSettings.builder().epochs(epochs).seed(seed).build(), retrain);
  }

  /**
   * Trains into {@code dir} with {@code settings}, unless it already holds a bundle trained with
   * them (or {@code retrain}): a model left by a build whose defaults differed is trained again.
   */
  public static void ensure(Path dir, TrainingSettings settings, boolean retrain) throws IOException {
    if (!retrain && Files.isRegularFile(dir.resolve(BundleFormat.MANIFEST))) {
      Map<String, String> trainedWith = BundleFormat.read(dir).manifest().provenance().trainerConfig();
      if (trainedWith.equals(new TreeMap<>(settings.describe()))) {
        ModelBundle bundle = BundleFormat.read(dir);
        System.out.printf("using the %s model in %s (--retrain to train again): %s%n", ModelKind.of(bundle).id(), dir,
            bundle.manifest().architecture().describe());
        return;
      }
      System.out.printf("the model in %s was trained with other settings; training it again%n", dir);
    }
    Training.toDirectory(TrainingData.read(DemoData.TRAIN, null), settings, dir);
    ModelBundle bundle = BundleFormat.read(dir);
    System.out.printf("  a %s model: %s%n", ModelKind.of(bundle).id(), bundle.manifest().architecture().describe());
  }
}
