package org.elbostream.cli.demo;

import java.nio.file.Path;

/**
 * The data shipped with the project for the demo and benchmarks: one machine of the Server Machine
 * Dataset (MIT licence, demo-data/smd/LICENSE). Paths resolve against {@code elbostream.home},
 * which bin/elbostream sets to the project root.
 */
public final class DemoData {
  public static final Path HOME = Path.of(System.getProperty("elbostream.home", "."));
  public static final Path DIR = HOME.resolve("demo-data/smd");
  public static final Path TRAIN = DIR.resolve("machine-1-2-train.txt.gz");
  public static final Path TEST = DIR.resolve("machine-1-2-test.txt.gz");
  public static final Path LABELS = DIR.resolve("machine-1-2-test_label.txt.gz");

  private DemoData() {}
}
