package org.elbostream.trainer.testdata;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared real data beside the project ({@code ../shared/data}, or {@code ELBOSTREAM_DATA}).
 * A test that needs a folder of it is skipped, saying where it looked, when the folder is absent.
 */
public final class SharedData {
  private SharedData() {}

  public static Path folder(String name) {
    Path root = Path.of(System.getenv().getOrDefault("ELBOSTREAM_DATA", "../../shared/data"));
    Path folder = root.resolve(name);
    assumeTrue(Files.isDirectory(folder), () -> "shared data not found at " + folder.toAbsolutePath()
        + "; set ELBOSTREAM_DATA to the shared data folder");
    return folder;
  }
}
