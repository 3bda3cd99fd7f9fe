package org.elbostream.trainer.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.elbostream.model.feature.Timestamps;

/**
 * Reads which test rows are anomalous, plain or gzip, in one of the shapes labels come in, told apart
 * by the file's first non-blank line unless the format is given.
 */
public final class LabelReader {
  private static final Pattern RANGE = Pattern.compile("\\s*(\\d+)\\s*,\\s*(\\d+)\\s*");
  private static final Pattern INTERPRETATION = Pattern.compile("\\s*(\\d+)\\s*-\\s*(\\d+)\\s*(:.*)?");

  /** The shapes a label file comes in. */
  public enum Format {
    /** One 0 or 1 per test row (SMD's {@code test_label}). */
    ROWS,
    /** {@code start,end} per line: 1-based, inclusive row numbers of an anomalous range; a header line may lead. */
    RANGES,
    /**
     * {@code start-end:fields} per line, OmniAnomaly's interpretation labels for SMD: 0-based rows,
     * the end excluded (the fields blamed are not used).
     */
    INTERPRETATION,
    /**
     * {@code start,end} per line as times (see {@link Timestamps}), a row anomalous when its time lies
     * between them, both included; needs the test file's time column.
     */
    TIMES,
    /**
     * NAB's window JSON ({@code combined_windows.json}): for the entry named like the test file, each
     * {@code [start, end]} window as in {@link #TIMES}.
     */
    NAB;

    /** Reads a name: rows, ranges, interpretation, times or nab. */
    public static Format of(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("no label format '" + name + "': expected rows, ranges, interpretation,"
            + " times or nab");
      }
    }
  }

  private LabelReader() {}

  /** Labels of {@code expectedRows} rows, the format told by the file's shape. */
  public static boolean[] read(Path file, int expectedRows) {
    return read(file, expectedRows, null);
  }

  /**
   * @param format the file's shape, or null to tell it from the first non-blank line
   */
  public static boolean[] read(Path file, int expectedRows, Format format) {
    return read(file, expectedRows, format, null, null);
  }

  /**
   * Labels of a test table's rows; labels given as times are matched against its time column.
   *
   * @param format the file's shape, or null to tell it from the first non-blank line
   */
  public static boolean[] read(Path file, Table test, Format format) {
    return read(file, test.size(), format, test.times(), test.source());
  }

  private static boolean[] read(Path file, int expectedRows, Format format, List<String> times, Path testFile) {
    List<String> lines = lines(file);
    Format shape = format != null ? format : shapeOf(file, lines);
    return switch (shape) {
      case ROWS -> rows(file, lines, expectedRows);
      case RANGES -> ranges(file, lines, expectedRows, RANGE, 1, true);
      case INTERPRETATION -> ranges(file, lines, expectedRows, INTERPRETATION, 0, false);
      case TIMES -> byTime(timeWindows(file, lines), times(file, times, testFile));
      case NAB -> byTime(nabWindows(file, String.join("\n", lines), testFile), times(file, times, testFile));
    };
  }

  private static Format shapeOf(Path file, List<String> lines) {
    String first = lines.stream().filter(l -> !l.isBlank()).findFirst()
        .orElseThrow(() -> new DataFileException(file, 0, "empty label file"));
    String cell = first.trim();
    if (cell.equals("0") || cell.equals("1") || cell.equals("0.0") || cell.equals("1.0")) {
      return Format.ROWS;
    }
    if (INTERPRETATION.matcher(cell).matches()) {
      return Format.INTERPRETATION;
    }
    if (cell.startsWith("{")) {
      return Format.NAB;
    }
    boolean header = cell.toLowerCase(Locale.ROOT).matches("\"?start\"?\\s*,\\s*\"?end\"?");
    String data = header ? lines.stream().skip(lines.indexOf(first) + 1).filter(l -> !l.isBlank()).findFirst()
        .orElse("").trim() : cell;
    if (RANGE.matcher(data).matches()) {
      return Format.RANGES;
    }
    String[] pair = data.split(",");
    if (pair.length == 2 && Timestamps.parse(pair[0]) != null && Timestamps.parse(pair[1]) != null) {
      return Format.TIMES;
    }
    if (header) {
      return Format.RANGES;
    }
    throw new DataFileException(file, lines.indexOf(first) + 1, "'" + cell + "' is not a label line: expected 0 or 1"
        + " per row, start,end row ranges (1-based, inclusive) or times, start-end:fields interpretation labels,"
        + " or NAB's window JSON");
  }

  private static boolean[] rows(Path file, List<String> lines, int expectedRows) {
    boolean[] labels = new boolean[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      String cell = lines.get(i).trim();
      if (cell.equals("1") || cell.equals("1.0")) {
        labels[i] = true;
      } else if (!cell.equals("0") && !cell.equals("0.0")) {
        throw new DataFileException(file, i + 1, "label '" + cell + "' is not 0 or 1");
      }
    }
    if (lines.size() != expectedRows) {
      throw new DataFileException(file, 0, lines.size() + " labels for " + expectedRows + " test rows");
    }
    return labels;
  }

  /**
   * @param base the row number of the first row in the file's numbering (1 or 0)
   * @param inclusiveEnd whether a range's end row is anomalous itself
   */
  private static boolean[] ranges(Path file, List<String> lines, int expectedRows, Pattern shape, int base,
      boolean inclusiveEnd) {
    boolean[] labels = new boolean[expectedRows];
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || i == 0 && line.toLowerCase(Locale.ROOT).contains("start")) {
        continue;
      }
      Matcher m = shape.matcher(line);
      if (!m.matches()) {
        throw new DataFileException(file, i + 1, "'" + line.trim() + "' is not a range like "
            + (shape == RANGE ? "120,180" : "120-180:3,4"));
      }
      long from = Long.parseLong(m.group(1)) - base;
      long to = Long.parseLong(m.group(2)) - base - (inclusiveEnd ? 0 : 1);
      if (from < 0 || to < from || to >= expectedRows) {
        throw new DataFileException(file, i + 1, "range " + line.trim() + " is not within the " + expectedRows
            + " test rows (" + (base == 1 ? "1-based, end included" : "0-based, end excluded") + ")");
      }
      for (long t = from; t <= to; t++) {
        labels[(int) t] = true;
      }
    }
    return labels;
  }

  /** The test rows' times, parsed; refused when the test file has no time column. */
  private static long[] times(Path labels, List<String> times, Path testFile) {
    if (times == null) {
      throw new DataFileException(labels, 0, "labels given as times need the test file's time column: train the"
          + " model with --time COLUMN (or a timestamp role in its schema)");
    }
    long[] out = new long[times.size()];
    for (int i = 0; i < out.length; i++) {
      Long t = Timestamps.parse(times.get(i));
      if (t == null) {
        throw new DataFileException(testFile, i + 2, "time '" + times.get(i) + "' is not a time");
      }
      out[i] = t;
    }
    return out;
  }

  /** {@code start,end} windows of times, a header line allowed. */
  private static List<long[]> timeWindows(Path file, List<String> lines) {
    List<long[]> windows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || i == 0 && line.toLowerCase(Locale.ROOT).contains("start")) {
        continue;
      }
      String[] pair = line.split(",");
      Long from = pair.length == 2 ? Timestamps.parse(pair[0]) : null;
      Long to = pair.length == 2 ? Timestamps.parse(pair[1]) : null;
      if (from == null || to == null || to < from) {
        throw new DataFileException(file, i + 1, "'" + line.trim() + "' is not a window of two times, the start"
            + " first, like 2013-12-10 06:25:00,2013-12-12 05:35:00");
      }
      windows.add(new long[] {from, to});
    }
    return windows;
  }

  /** The windows of the NAB entry whose file name is the test file's (without .gz). */
  private static List<long[]> nabWindows(Path file, String json, Path testFile) {
    String name = testFile == null ? "" : testFile.getFileName().toString().replaceAll("\\.gz$", "");
    JsonObject all;
    try {
      all = JsonParser.parseString(json).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new DataFileException(file, 0, "not NAB's window JSON: " + e.getMessage());
    }
    for (String key : all.keySet()) {
      if (key.equals(name) || key.endsWith("/" + name)) {
        List<long[]> windows = new ArrayList<>();
        for (JsonElement w : all.getAsJsonArray(key)) {
          JsonArray pair = w.getAsJsonArray();
          Long from = Timestamps.parse(pair.get(0).getAsString());
          Long to = Timestamps.parse(pair.get(1).getAsString());
          if (from == null || to == null) {
            throw new DataFileException(file, 0, "entry " + key + ": window " + pair + " is not two times");
          }
          windows.add(new long[] {from, to});
        }
        return windows;
      }
    }
    throw new DataFileException(file, 0, "no entry for " + name + " among its " + all.size() + " entries");
  }

  private static boolean[] byTime(List<long[]> windows, long[] times) {
    boolean[] labels = new boolean[times.length];
    for (int i = 0; i < times.length; i++) {
      for (long[] w : windows) {
        labels[i] |= times[i] >= w[0] && times[i] <= w[1];
      }
    }
    return labels;
  }

  private static List<String> lines(Path file) {
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = TextFiles.open(file)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
      }
    } catch (NoSuchFileException e) {
      throw new DataFileException(file, 0, "no such file");
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    if (lines.isEmpty()) {
      throw new DataFileException(file, 0, "empty label file");
    }
    return lines;
  }
}
