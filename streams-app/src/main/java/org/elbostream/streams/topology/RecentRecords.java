package org.elbostream.streams.topology;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.elbostream.model.net.Architecture;

/**
 * Each key's last records as they were observed — NaN where a field was missing, never an
 * imputation, so an imputation error cannot feed on itself — with their event times: the past a
 * model with a window reads a record with. It lives in a changelogged store keyed by the entity key,
 * so a key's past moves with its partition on a rebalance and comes back after a crash, committed
 * in the same transaction as the scores it produced.
 *
 * <p>The rules are the trainer's ({@code Series}): a gap in event time longer than the model's
 * longest gap after the key's latest time starts a fresh past; a time that goes backwards is read
 * against the past as it stands (and counted); the records of one key inside a batch see each other
 * in offset order.
 */
public final class RecentRecords {
  private final KeyValueStore<String, byte[]> store;

  RecentRecords(KeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  /** A record to read with its past: its key (null for none), event time and observed values. */
  record Observed(String key, long time, double[] row) {}

  /** A batch's pasts, and what the store becomes once the batch is scored. */
  static final class Plan {
    private final List<List<double[]>> pasts;
    private final Map<String, List<Entry>> after;
    private final int outOfOrder;

    private Plan(List<List<double[]>> pasts, Map<String, List<Entry>> after, int outOfOrder) {
      this.pasts = pasts;
      this.after = after;
      this.outOfOrder = outOfOrder;
    }

    /** Each record's past, newest first. */
    List<List<double[]>> pasts() {
      return pasts;
    }

    /** Records whose event time went backwards against their key's newest. */
    int outOfOrder() {
      return outOfOrder;
    }
  }

  private record Entry(long time, double[] row) {}

  /**
   * The pasts of a batch in offset order, at most {@code window} records each, under {@code rule}'s
   * longest gap; the store keeps the last {@code keep} records of each key (at least the window).
   */
  Plan plan(List<Observed> batch, int window, Architecture.Past rule, int keep) {
    Map<String, List<Entry>> recent = new HashMap<>();
    List<List<double[]>> pasts = new ArrayList<>(batch.size());
    int outOfOrder = 0;
    for (Observed o : batch) {
      String key = o.key() == null ? "" : o.key();
      List<Entry> entries = recent.computeIfAbsent(key, k -> read(k, o.row().length));
      if (!entries.isEmpty()) {
        long newest = entries.stream().mapToLong(Entry::time).max().orElseThrow();
        if (o.time() < newest) {
          outOfOrder++;
        } else if (rule != null && rule.breaksBetween(newest, o.time())) {
          entries.clear();
        }
      }
      List<double[]> past = new ArrayList<>(Math.min(window, entries.size()));
      for (int k = entries.size() - 1; k >= 0 && past.size() < window; k--) {
        past.add(entries.get(k).row());
      }
      pasts.add(past);
      entries.add(new Entry(o.time(), o.row().clone()));
      if (entries.size() > keep) {
        entries.remove(0);
      }
    }
    return new Plan(pasts, recent, outOfOrder);
  }

  /** Writes the batch's records into the store: one put per key. */
  void commit(Plan plan) {
    plan.after.forEach((key, entries) -> store.put(key, bytes(entries)));
  }

  /** The key's stored records, oldest first; none when they have another width (another schema's). */
  private List<Entry> read(String key, int width) {
    byte[] raw = store.get(key);
    List<Entry> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    ByteBuffer in = ByteBuffer.wrap(raw);
    int count = in.getInt();
    int stored = in.getInt();
    if (stored != width) {
      return out;
    }
    for (int i = 0; i < count; i++) {
      long time = in.getLong();
      double[] row = new double[width];
      for (int j = 0; j < width; j++) {
        row[j] = in.getDouble();
      }
      out.add(new Entry(time, row));
    }
    return out;
  }

  /**
   * Bytes a key's past takes in the store, and in its changelog record's value: {@code window}
   * records of {@code fields} values and a time each.
   */
  public static int bytesPerKey(int window, int fields) {
    return 8 + window * (8 + 8 * fields);
  }

  /** count, width, then each record's time and values ({@link #bytesPerKey}). */
  private static byte[] bytes(List<Entry> entries) {
    int width = entries.isEmpty() ? 0 : entries.get(0).row().length;
    ByteBuffer out = ByteBuffer.allocate(8 + entries.size() * (8 + 8 * width));
    out.putInt(entries.size()).putInt(width);
    for (Entry e : entries) {
      out.putLong(e.time());
      for (double v : e.row()) {
        out.putDouble(v);
      }
    }
    return out.array();
  }
}
