package org.elbostream.trainer.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.elbostream.model.feature.FeatureSpec;

/**
 * Rows read from a data file, already in feature form: one {@code double[]} per row in
 * {@link FeatureSpec#features()} order, raw units, NaN for a missing cell.
 *
 * @param times each row's time as written in the file's time column (the field with the timestamp
 *     role), or null when it has none: what labels given as time ranges are matched against, and
 *     where a gap starts a fresh series
 * @param keys each row's entity as written in the file's key column (the field with the key role),
 *     or null when it has none: rows of different keys are different series
 */
public record Table(Path source, FeatureSpec spec, List<double[]> rows, List<String> times, List<String> keys) {

  /** Rows without a time or key column. */
  public Table(Path source, FeatureSpec spec, List<double[]> rows) {
    this(source, spec, rows, null, null);
  }

  /** The same table with other rows (as many, in the same order): its times and keys still apply. */
  public Table withRows(List<double[]> newRows) {
    if (newRows.size() != rows.size()) {
      throw new IllegalArgumentException(newRows.size() + " rows for a table of " + rows.size());
    }
    return new Table(source, spec, newRows, times, keys);
  }

  public int size() {
    return rows.size();
  }

  /** SHA-256 of the feature names and every parsed value: identifies the training data. */
  public String contentHash() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(String.join(",", spec.featureNames()).getBytes(StandardCharsets.UTF_8));
      byte[] buf = new byte[8];
      for (double[] row : rows) {
        for (double v : row) {
          long bits = Double.doubleToLongBits(v);
          for (int i = 0; i < 8; i++) {
            buf[i] = (byte) (bits >>> (8 * i));
          }
          sha.update(buf);
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
