package org.elbostream.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads a 0/1 label file, one label per line (the SMD {@code test_label} layout), plain or gzip. */
public final class LabelReader {
  private LabelReader() {}

  /** Labels, checked to have exactly {@code expectedRows} lines. */
  public static boolean[] read(Path file, int expectedRows) {
    boolean[] labels = new boolean[Math.max(16, expectedRows)];
    int n = 0;
    try (BufferedReader in = TextFiles.open(file)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String cell = line.trim();
        boolean label;
        if (cell.equals("1") || cell.equals("1.0")) {
          label = true;
        } else if (cell.equals("0") || cell.equals("0.0")) {
          label = false;
        } else {
          throw new DataFileException(file, n + 1, "label '" + cell + "' is not 0 or 1");
        }
        if (n == labels.length) {
          labels = Arrays.copyOf(labels, labels.length * 2);
        }
        labels[n++] = label;
      }
    } catch (NoSuchFileException e) {
      throw new DataFileException(file, 0, "no such file");
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    if (n == 0) {
      throw new DataFileException(file, 0, "empty label file");
    }
    if (n != expectedRows) {
      throw new DataFileException(file, 0, n + " labels for " + expectedRows + " test rows");
    }
    return Arrays.copyOf(labels, n);
  }
}
