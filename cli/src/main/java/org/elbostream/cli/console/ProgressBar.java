package org.elbostream.cli.console;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A one-line progress bar on stderr with a label, a percentage, a message and an ETA. On a terminal
 * it redraws in place; otherwise (CI logs, pipes) it prints a line only when {@link #println} asks.
 */
public final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final boolean interactive;
  private final long start = System.nanoTime();
  private long lastDraw;

  public ProgressBar(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  /** On stderr, redrawing in place only when a terminal is attached. */
  public static ProgressBar onStderr() {
    return new ProgressBar(System.err, System.console() != null);
  }

  /** Redraws the bar at {@code fraction} (0..1) of the whole job; throttled to 10 redraws a second. */
  public void update(String label, double fraction, String message) {
    if (!interactive) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L && fraction < 1) {
      return;
    }
    lastDraw = now;
    out.print("\r" + render(label, fraction, message) + "\u001b[K");
    out.flush();
  }

  /** Prints a line that stays (an epoch summary), then redraws below it. */
  public void println(String line) {
    out.print((interactive ? "\r\u001b[K" : "") + line + System.lineSeparator());
    out.flush();
  }

  public void finish() {
    if (interactive) {
      out.print("\r\u001b[K");
      out.flush();
    }
  }

  String render(String label, double fraction, String message) {
    double f = Math.max(0, Math.min(1, fraction));
    int filled = (int) Math.round(f * WIDTH);
    double elapsed = (System.nanoTime() - start) / 1e9;
    String eta = f > 0.001 ? format(Duration.ofSeconds((long) (elapsed * (1 - f) / f))) : "--:--";
    return String.format("%s [%s%s] %3.0f%% %s ETA %s", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
        100 * f, message, eta);
  }

  private static String format(Duration d) {
    long s = d.getSeconds();
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format("%02d:%02d", s / 60, s % 60);
  }
}
