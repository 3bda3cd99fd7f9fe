package org.elbostream.trainer.impute;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.elbostream.trainer.data.DataFileException;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TextFiles;

/**
 * Which cells of a complete table an evaluation hides: at random (MCAR) or from a mask file. The
 * hidden cells' true values are what the imputers are scored against.
 */
public final class HiddenCells {
  private final boolean[][] hidden;
  private final int count;

  private HiddenCells(boolean[][] hidden) {
    this.hidden = hidden;
    int c = 0;
    for (boolean[] row : hidden) {
      for (boolean h : row) {
        c += h ? 1 : 0;
      }
    }
    this.count = c;
  }

  /** Each cell hidden independently with probability {@code rate}. */
  public static HiddenCells missingCompletelyAtRandom(int rows, int columns, double rate, long seed) {
    if (!(rate > 0 && rate < 1)) {
      throw new IllegalArgumentException("--missing must lie in (0, 1), got " + rate);
    }
    SplittableRandom random = new SplittableRandom(seed);
    boolean[][] hidden = new boolean[rows][columns];
    for (boolean[] row : hidden) {
      for (int j = 0; j < columns; j++) {
        row[j] = random.nextDouble() < rate;
      }
    }
    return new HiddenCells(hidden);
  }

  /**
   * Whole-field outages, as a sensor that stops reporting: in each stretch of ten times
   * {@code length} rows, one field drawn at random is missing for {@code length} consecutive rows
   * starting at a random row of the stretch (a tenth of the rows lack one field).
   */
  public static HiddenCells outages(int rows, int columns, int length, long seed) {
    if (length < 1) {
      throw new IllegalArgumentException("--outage must be at least 1 record, got " + length);
    }
    SplittableRandom random = new SplittableRandom(seed);
    boolean[][] hidden = new boolean[rows][columns];
    int stretch = 10 * length;
    for (int from = 0; from + length <= rows; from += stretch) {
      int start = from + random.nextInt(Math.min(stretch, rows - from) - length + 1);
      int column = random.nextInt(columns);
      for (int i = start; i < start + length; i++) {
        hidden[i][column] = true;
      }
    }
    return new HiddenCells(hidden);
  }

  /**
   * A mask file: one {@code row,col} pair per line, both 1-based (the header row is not counted);
   * blank lines and lines starting with # are skipped. A pair outside the table stops with its line.
   */
  public static HiddenCells read(Path file, int rows, int columns) {
    boolean[][] hidden = new boolean[rows][columns];
    try (BufferedReader in = TextFiles.open(file)) {
      long lineNo = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNo++;
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
          continue;
        }
        String[] parts = s.split(",");
        if (parts.length != 2) {
          throw new DataFileException(file, lineNo, "expected 'row,col', got '" + s + "'");
        }
        int row = index(file, lineNo, parts[0], "row", rows);
        int col = index(file, lineNo, parts[1], "column", columns);
        hidden[row][col] = true;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    HiddenCells cells = new HiddenCells(hidden);
    if (cells.count == 0) {
      throw new DataFileException(file, 0, "the mask hides no cell");
    }
    return cells;
  }

  private static int index(Path file, long lineNo, String text, String what, int size) {
    int v;
    try {
      v = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new DataFileException(file, lineNo, what + " '" + text.strip() + "' is not a whole number");
    }
    if (v < 1 || v > size) {
      throw new DataFileException(file, lineNo, what + " " + v + " is outside the table (1.." + size + ")");
    }
    return v - 1;
  }

  public boolean hidden(int row, int column) {
    return hidden[row][column];
  }

  /** Whether any cell of the row is hidden. */
  public boolean any(int row) {
    for (boolean h : hidden[row]) {
      if (h) {
        return true;
      }
    }
    return false;
  }

  public int count() {
    return count;
  }

  /**
   * These cells less those {@code table} leaves empty: a cell with no true value cannot be scored,
   * so it stays missing as it is and only the observed cells hidden are judged.
   */
  public HiddenCells observedIn(Table table) {
    boolean[][] kept = new boolean[hidden.length][];
    for (int i = 0; i < hidden.length; i++) {
      kept[i] = hidden[i].clone();
      double[] row = table.rows().get(i);
      for (int j = 0; j < row.length && j < kept[i].length; j++) {
        kept[i][j] &= !Double.isNaN(row[j]);
      }
    }
    return new HiddenCells(kept);
  }

  /** The table as the imputers see it: hidden cells NaN, as are the cells it leaves empty. */
  public List<double[]> apply(Table complete) {
    if (complete.size() != hidden.length || complete.spec().featureCount() != hidden[0].length) {
      throw new IllegalArgumentException("mask is " + hidden.length + " x " + hidden[0].length + ", table "
          + complete.size() + " x " + complete.spec().featureCount());
    }
    List<double[]> out = new ArrayList<>(complete.size());
    for (int i = 0; i < complete.size(); i++) {
      double[] row = complete.rows().get(i).clone();
      for (int j = 0; j < row.length; j++) {
        if (hidden[i][j]) {
          row[j] = Double.NaN;
        }
      }
      out.add(row);
    }
    return out;
  }

  /** Rows with every cell hidden: nothing to condition on, so the imputers fall back on the marginal. */
  public int emptyRows() {
    int n = 0;
    for (boolean[] row : hidden) {
      boolean all = true;
      for (boolean h : row) {
        all &= h;
      }
      n += all ? 1 : 0;
    }
    return n;
  }
}
