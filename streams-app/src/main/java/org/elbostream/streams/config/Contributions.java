package org.elbostream.streams.config;

import java.util.Locale;

/**
 * Which per-field contributions a score record carries ({@code elbostream.scores.contributions}):
 * every field in the model's order, the {@code top} largest with their positions, or none. Alerts
 * and incidents name their top fields whatever this says.
 *
 * @param top the number of fields kept; -1 for every field, 0 for none
 */
public record Contributions(int top) {
  public static final Contributions ALL = new Contributions(-1);
  public static final Contributions NONE = new Contributions(0);

  public Contributions {
    if (top < -1) {
      throw new IllegalArgumentException("top must be -1 (all), 0 (none) or a count, got " + top);
    }
  }

  /** {@code all}, {@code none} or {@code top:K} with K at least 1. */
  public static Contributions parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("all")) {
      return ALL;
    }
    if (t.equals("none")) {
      return NONE;
    }
    if (t.startsWith("top:")) {
      try {
        int k = Integer.parseInt(t.substring("top:".length()).trim());
        if (k >= 1) {
          return new Contributions(k);
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new IllegalArgumentException("expected all, none or top:K with K >= 1, got '" + text + "'");
  }

  public boolean all() {
    return top < 0;
  }
}
