package org.elbostream.trainer.data;

import java.nio.file.Path;

/** Bad input data: the message names the file, and the line and field where there is one. */
public final class DataFileException extends IllegalArgumentException {
  public DataFileException(Path file, long line, String message) {
    super(file + (line > 0 ? ":" + line : "") + ": " + message);
  }
}
