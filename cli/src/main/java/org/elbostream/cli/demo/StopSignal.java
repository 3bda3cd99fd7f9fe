package org.elbostream.cli.demo;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or SIGTERM) as a signal the main thread can wait for: the JVM's shutdown hook wakes it,
 * then holds the exit until the main thread has closed what it runs, in order, and closed this.
 */
final class StopSignal implements AutoCloseable {
  /** How long the exit waits for the closing to finish. */
  private static final long CLOSE_SECONDS = 60;
  private final CountDownLatch asked = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  private StopSignal() {}

  static StopSignal onShutdown() {
    StopSignal signal = new StopSignal();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      signal.asked.countDown();
      try {
        signal.closed.await(CLOSE_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "elbostream-demo-stop"));
    return signal;
  }

  /** Blocks until the JVM is asked to stop. */
  void await() throws InterruptedException {
    asked.await();
  }

  /** Everything is closed: the JVM may exit. */
  @Override
  public void close() {
    closed.countDown();
  }
}
