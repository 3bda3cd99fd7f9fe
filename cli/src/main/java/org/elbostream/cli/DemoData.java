package org.elbostream.cli;

import java.nio.file.Path;

/**
 * The data shipped with the project for the demo and benchmarks: one machine of the Server Machine
 * Dataset (MIT licence, demo-data/smd/LICENSE). Paths resolve against {@code elbostream.home},
 * which bin/elbostream sets to the project root.
 */
final class DemoData {
  static final Path HOME = Path.of(System.getProperty("elbostream.home", "."));
  static final Path DIR = HOME.resolve("demo-data/smd");
  static final Path TRAIN = DIR.resolve("machine-1-2-train.txt.gz");
  static final Path TEST = DIR.resolve("machine-1-2-test.txt.gz");
  static final Path LABELS = DIR.resolve("machine-1-2-test_label.txt.gz");

  private DemoData() {}
}
