package org.elbostream.model.testing;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.scoring.RecordScore;

/**
 * Writes the frozen bundle fixture of a bundle format and the scores it must keep giving. Run once
 * when a new format version is introduced; never regenerate an existing one: its point is to stay as
 * an old build wrote it.
 */
public final class FrozenBundleWriter {
  private FrozenBundleWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    ModelBundle bundle = BundleFixtures.untrained(1234);
    bundle.writeTo(dir);
    try (NDManager manager = NDManager.newBaseManager()) {
      List<RecordScore> scores = bundle.scorer(manager).score(BundleFixtures.rows(10, 99));
      Files.writeString(dir.resolve("expected-scores.txt"),
          scores.stream().map(s -> Double.toString(s.score())).collect(Collectors.joining("\n")) + "\n");
    }
  }
}
