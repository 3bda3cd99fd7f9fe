package org.elbostream.model.feature;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where each feature sits in the networks' tensors. Features are grouped by likelihood — numbers
 * (Gaussian or Student-t), then Bernoulli, then categorical — so each group's log-likelihood is one
 * vectorised tensor operation instead of one small operation per field.
 *
 * <p>Network input is {@code [encoded values | mask]}: the encoded values ({@link #inputWidth()}
 * columns, a missing value encoded as 0) followed by one observed-flag per feature. The generative
 * output is {@code [number locations | number log-variances | bernoulli logits | categorical logits]}.
 * Per-feature tensors ({@code [N, F]}) are in group order; {@link #featureIndex(int)} maps back.
 */
public final class FeatureLayout {
  /** Largest magnitude (in normalised units) of a value fed to the recognition network. */
  public static final float INPUT_LIMIT = 10f;
  private final FeatureSpec spec;
  private final int[] numeric;
  private final int[] bernoulli;
  private final int[] categorical;
  private final int[] groupToFeature;
  private final int[] inputOffset;
  private final int inputWidth;
  private final int headWidth;

  public FeatureLayout(FeatureSpec spec) {
    this.spec = spec;
    List<FieldSpec> features = spec.features();
    numeric = indicesOf(features, Likelihood::numeric);
    bernoulli = indicesOf(features, l -> l == Likelihood.BERNOULLI);
    categorical = indicesOf(features, Likelihood::symbolic);
    groupToFeature = new int[features.size()];
    inputOffset = new int[features.size()];
    int g = 0;
    int offset = 0;
    int heads = 0;
    for (int[] group : List.of(numeric, bernoulli, categorical)) {
      for (int j : group) {
        groupToFeature[g++] = j;
        inputOffset[j] = offset;
        offset += features.get(j).inputWidth();
        heads += features.get(j).headWidth();
      }
    }
    inputWidth = offset;
    headWidth = heads;
  }

  private static int[] indicesOf(List<FieldSpec> features, Predicate<Likelihood> kind) {
    List<Integer> out = new ArrayList<>();
    for (int j = 0; j < features.size(); j++) {
      if (kind.test(features.get(j).likelihood())) {
        out.add(j);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  public FeatureSpec spec() {
    return spec;
  }

  public int featureCount() {
    return groupToFeature.length;
  }

  /** Encoded value columns (one-hot categoricals counted in full). */
  public int inputWidth() {
    return inputWidth;
  }

  /** Width of the recognition network's input: encoded values and one mask column per feature. */
  public int recognitionInputWidth() {
    return inputWidth + featureCount();
  }

  /** Width of the generative network's output. */
  public int headWidth() {
    return headWidth;
  }

  /** Numbers: Gaussian and Student-t fields, which share the first groups of the heads. */
  public int numericCount() {
    return numeric.length;
  }

  public int bernoulliCount() {
    return bernoulli.length;
  }

  /** Feature indices of the categorical fields, in group order. */
  public int[] categoricalFeatures() {
    return categorical.clone();
  }

  /** Feature index (row position) of the {@code groupPosition}-th column of a per-feature tensor. */
  public int featureIndex(int groupPosition) {
    return groupToFeature[groupPosition];
  }

  /**
   * Encodes feature rows (raw units, NaN = missing) into the recognition input
   * {@code [values | mask]} as a flat row-major array, and the observed mask in group order.
   */
  public Encoded encode(List<double[]> rows) {
    return encode(rows, null, 0, false);
  }

  /**
   * The same, with each row's past: its key's previous rows, newest first, at most {@code window}
   * of them (fewer at a series' start). Each slot of the past is encoded as a recognition input, an
   * empty slot all zeros (its mask bits 0, as a missing field's).
   *
   * @param pasts one list per row; null, or {@code window} 0, for rows read alone
   * @param carry whether a field missing from a past row takes the window's nearest observation of
   *     it ({@link #carried}) rather than being encoded as missing
   */
  public Encoded encode(List<double[]> rows, List<List<double[]>> pasts, int window, boolean carry) {
    int n = rows.size();
    int f = featureCount();
    int width = recognitionInputWidth();
    float[] input = new float[n * width];
    float[] values = new float[n * inputWidth];
    float[] mask = new float[n * f];
    float[] past = window == 0 ? null : new float[n * window * width];
    for (int i = 0; i < n; i++) {
      encodeRow(rows.get(i), input, i * width, values, i * inputWidth, mask, i * f);
      if (past == null) {
        continue;
      }
      List<double[]> before = pasts == null ? List.of() : pasts.get(i);
      before = before.subList(0, Math.min(window, before.size()));
      if (carry) {
        before = carried(before);
      }
      for (int k = 0; k < before.size(); k++) {
        encodeRow(before.get(k), past, (i * window + k) * width, null, 0, null, 0);
      }
    }
    return new Encoded(n, input, values, mask, past);
  }

  /**
   * A past (newest first) whose missing fields take the field's latest earlier observation in it,
   * or, before its first, the earliest one: last observation carried forward, and backward at the
   * window's old end. A field the whole past misses stays missing. The rows given are not changed.
   */
  public static List<double[]> carried(List<double[]> past) {
    if (past.isEmpty()) {
      return past;
    }
    int width = past.get(0).length;
    double[][] out = new double[past.size()][];
    for (int k = 0; k < out.length; k++) {
      out[k] = past.get(k).clone();
    }
    for (int j = 0; j < width; j++) {
      double last = Double.NaN;
      for (int k = out.length - 1; k >= 0; k--) {
        if (Double.isNaN(out[k][j])) {
          out[k][j] = last;
        } else {
          last = out[k][j];
        }
      }
      // Before the window's first observation of the field nothing was carried: take that one.
      int first = out.length - 1;
      while (first >= 0 && Double.isNaN(out[first][j])) {
        first--;
      }
      for (int k = out.length - 1; k > first && first >= 0; k--) {
        out[k][j] = out[first][j];
      }
    }
    return List.of(out);
  }

  /** One row's recognition input at {@code inputAt}, and (where given) its targets and mask. */
  private void encodeRow(double[] row, float[] input, int inputAt, float[] values, int valuesAt, float[] mask,
      int maskAt) {
    List<FieldSpec> features = spec.features();
    for (int g = 0; g < groupToFeature.length; g++) {
      int j = groupToFeature[g];
      double raw = row[j];
      if (Double.isNaN(raw)) {
        continue;
      }
      FieldSpec field = features.get(j);
      int col = inputOffset[j];
      if (field.likelihood().symbolic()) {
        int symbol = (int) raw;
        // An ordinal class reaches the recognition network as a thermometer (every class up to it
        // set), so near classes look alike; its target stays one-hot.
        for (int k = field.likelihood() == Likelihood.ORDINAL ? 0 : symbol; k <= symbol; k++) {
          input[inputAt + col + k] = 1f;
        }
        if (values != null) {
          values[valuesAt + col + symbol] = 1f;
        }
      } else {
        float v = (float) field.normalise(raw);
        // The recognition network sees a bounded value: a wild reading must not blow up its
        // activations. The likelihood still scores the value as it is, a count as the count.
        input[inputAt + col] = Math.max(-INPUT_LIMIT, Math.min(INPUT_LIMIT, v));
        if (values != null) {
          values[valuesAt + col] = field.likelihood() == Likelihood.POISSON ? (float) raw : v;
        }
      }
      input[inputAt + inputWidth + g] = 1f;
      if (mask != null) {
        mask[maskAt + g] = 1f;
      }
    }
  }

  /**
   * One batch in network form.
   *
   * @param rows batch size
   * @param recognitionInput {@code [rows, recognitionInputWidth]}: what q(z|x) sees
   * @param values {@code [rows, inputWidth]}: encoded values, the targets of p(x|z)
   * @param mask {@code [rows, featureCount]}: 1 where observed, group order
   * @param past {@code [rows, window * recognitionInputWidth]}: each row's past, newest first; null
   *     for rows read alone
   */
  public record Encoded(int rows, float[] recognitionInput, float[] values, float[] mask, float[] past) {}
}
