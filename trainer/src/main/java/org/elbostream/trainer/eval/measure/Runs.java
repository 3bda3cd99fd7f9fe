package org.elbostream.trainer.eval.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** Maximal runs of consecutive flagged points, as inclusive {@code {start, end}} index pairs in order. */
public final class Runs {
  private Runs() {}

  public static List<int[]> of(boolean[] flags) {
    List<int[]> runs = new ArrayList<>();
    int i = 0;
    while (i < flags.length) {
      if (!flags[i]) {
        i++;
        continue;
      }
      int start = i;
      while (i + 1 < flags.length && flags[i + 1]) {
        i++;
      }
      runs.add(new int[] {start, i});
      i++;
    }
    return runs;
  }

  /**
   * The first index of [0, size) where a condition holds that, once true, stays true for every
   * later index (a binary search); {@code size} when it never holds.
   */
  static int firstWhere(int size, IntPredicate holds) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (holds.test(mid)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Points flagged by both. */
  static int overlap(boolean[] a, boolean[] b) {
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      n += a[i] && b[i] ? 1 : 0;
    }
    return n;
  }

  static int count(boolean[] flags) {
    int n = 0;
    for (boolean f : flags) {
      n += f ? 1 : 0;
    }
    return n;
  }

  static boolean any(boolean[] flags, int from, int toInclusive) {
    for (int i = from; i <= toInclusive; i++) {
      if (flags[i]) {
        return true;
      }
    }
    return false;
  }
}
