package org.elbostream.streams.metrics;

import ai.djl.ndarray.NDManager;

/**
 * Native (PyTorch) arrays alive in this JVM. Every DJL manager hangs off the engine's system
 * manager, so counting what that one holds, its sub-managers' arrays included, counts them all: a
 * number that grows while records flow is a leak of native memory the JVM heap does not show.
 */
public final class NativeArrays {
  private NativeArrays() {}

  public static int open() {
    try (NDManager probe = NDManager.newBaseManager()) {
      return probe.getParentManager().getManagedArrays().size();
    }
  }
}
