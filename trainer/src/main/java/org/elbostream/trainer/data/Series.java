package org.elbostream.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.elbostream.model.feature.Timestamps;
import org.elbostream.model.net.Architecture;

/**
 * A table's rows as series, for a model that reads each record with its past. Rows are taken in the
 * file's order, which is time order within a key; the rows of one key (the key-role column) form its
 * series, and a gap in event time (the timestamp-role column) longer than the model's longest gap
 * after the key's latest time starts a fresh one. A time that goes backwards does not: the row is
 * read with the past as it stands, as the streaming service does. Each row knows the row before it
 * in its series, so a row's past is a walk back, and the tables are never copied into windows.
 */
public final class Series {
  private final List<double[]> rows;
  /** The row before each in its series; -1 at a series' start. */
  private final int[] previous;
  /** Each row's key, numbered in order of first appearance. */
  private final int[] key;
  private final int keys;
  private final int backwards;

  private Series(List<double[]> rows, int[] previous, int[] key, int keys, int backwards) {
    this.rows = rows;
    this.previous = previous;
    this.key = key;
    this.keys = keys;
    this.backwards = backwards;
  }

  /** Rows of one key without times: one series, each row after the one before it. */
  public static Series of(List<double[]> rows) {
    int[] previous = new int[rows.size()];
    for (int i = 0; i < previous.length; i++) {
      previous[i] = i - 1;
    }
    return new Series(rows, previous, new int[rows.size()], 1, 0);
  }

  /**
   * The table's series under {@code past}'s longest gap; a table without a time column has no gaps,
   * one without a key column one key.
   *
   * @throws DataFileException naming the file and line of a time that is not one
   */
  public static Series of(Table table, Architecture.Past past) {
    long[] times = millis(table);
    int n = table.size();
    int[] previous = new int[n];
    int[] key = new int[n];
    Map<String, Integer> ids = new HashMap<>();
    Map<Integer, Integer> last = new HashMap<>();
    Map<Integer, Long> latest = new HashMap<>();
    int backwards = 0;
    for (int i = 0; i < n; i++) {
      String name = table.keys() == null ? "" : table.keys().get(i);
      Integer id = ids.computeIfAbsent(name, k -> ids.size());
      key[i] = id;
      Integer before = last.put(id, i);
      boolean gap = false;
      if (times != null) {
        Long seen = latest.get(id);
        gap = seen != null && past != null && past.breaksBetween(seen, times[i]);
        backwards += seen != null && times[i] < seen ? 1 : 0;
        latest.put(id, seen == null ? times[i] : Math.max(seen, times[i]));
      }
      previous[i] = before == null || gap ? -1 : before;
    }
    return new Series(table.rows(), previous, key, ids.size(), backwards);
  }

  /**
   * The median step in event time between consecutive rows of one key, milliseconds; null when the
   * table has no times or no two rows of a key differ in time.
   */
  public static Long medianStep(Table table) {
    long[] times = millis(table);
    if (times == null) {
      return null;
    }
    Map<String, Long> last = new HashMap<>();
    List<Long> steps = new ArrayList<>();
    for (int i = 0; i < times.length; i++) {
      Long before = last.put(table.keys() == null ? "" : table.keys().get(i), times[i]);
      if (before != null && times[i] > before) {
        steps.add(times[i] - before);
      }
    }
    if (steps.isEmpty()) {
      return null;
    }
    long[] sorted = steps.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  private static long[] millis(Table table) {
    if (table.times() == null) {
      return null;
    }
    long[] out = new long[table.size()];
    for (int i = 0; i < out.length; i++) {
      Long t = Timestamps.parse(table.times().get(i));
      if (t == null) {
        throw new DataFileException(table.source(), i + 2, "time '" + table.times().get(i) + "' is not a time"
            + " (epoch milliseconds, or a date and time such as 2024-03-01 12:00:00)");
      }
      out[i] = t;
    }
    return out;
  }

  public List<double[]> rows() {
    return rows;
  }

  /** Rows whose time is earlier than their key's latest before them: a file not in time order. */
  public int backwards() {
    return backwards;
  }

  /** The entities: distinct keys (1 without a key column). */
  public int keys() {
    return keys;
  }

  public int size() {
    return rows.size();
  }

  /** The row's past: at most {@code records} rows before it in its series, newest first. */
  public List<double[]> past(int row, int records) {
    List<double[]> out = new ArrayList<>(records);
    for (int at = previous[row]; at >= 0 && out.size() < records; at = previous[at]) {
      out.add(rows.get(at));
    }
    return out;
  }

  /** The pasts of these rows. */
  public List<List<double[]>> pasts(int[] of, int records) {
    List<List<double[]>> out = new ArrayList<>(of.length);
    for (int row : of) {
      out.add(past(row, records));
    }
    return out;
  }

  /** The rows at these positions. */
  public List<double[]> rows(int[] at) {
    List<double[]> out = new ArrayList<>(at.length);
    for (int row : at) {
      out.add(rows.get(row));
    }
    return out;
  }

  /**
   * Each key's trailing {@code fraction} of rows held out, the rest to train on, both in row order.
   * With one key this is the table's trailing rows, as a model that reads records alone has always
   * been judged: on the data that follows what it learned from.
   */
  public Split trailing(double fraction) {
    int[] count = new int[keys];
    for (int k : key) {
      count[k]++;
    }
    int[] held = new int[keys];
    for (int k = 0; k < keys; k++) {
      held[k] = (int) Math.round(count[k] * fraction);
    }
    int[] seen = new int[keys];
    int[] train = new int[rows.size()];
    int[] validation = new int[rows.size()];
    int t = 0;
    int v = 0;
    for (int i = 0; i < rows.size(); i++) {
      int k = key[i];
      if (seen[k]++ >= count[k] - held[k]) {
        validation[v++] = i;
      } else {
        train[t++] = i;
      }
    }
    return new Split(Arrays.copyOf(train, t), Arrays.copyOf(validation, v));
  }

  /** Row positions to train on and to hold out. */
  public record Split(int[] train, int[] validation) {}
}
