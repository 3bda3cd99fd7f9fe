package org.elbostream.model.bundle;

import java.io.IOException;

/** A model bundle that cannot be used: corrupt, incomplete, or of a format this build does not read. */
public final class BundleFormatException extends IOException {
  public BundleFormatException(String message) {
    super(message);
  }

  public BundleFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
