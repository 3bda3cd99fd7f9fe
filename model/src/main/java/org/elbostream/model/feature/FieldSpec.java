package org.elbostream.model.feature;

import java.util.List;
import java.util.Objects;

/**
 * One field of the input record as the model sees it: its role, and for a feature its likelihood,
 * whether it may be missing, its categories and its normalisation (learned from training data).
 *
 * @param name field name as in the Avro schema or CSV header
 * @param role what the field is for
 * @param likelihood observation model; null unless {@code role == FEATURE}
 * @param nullable whether the schema allows the field to be missing
 * @param categories enum symbols of a categorical field, otherwise empty
 * @param offset training minimum of a number, of {@code log(1 + x)} for a positive number or a
 *     count (0 before fitting)
 * @param scale training range (max - min) of the same (1 before fitting or if constant)
 */
public record FieldSpec(
    String name,
    FieldRole role,
    Likelihood likelihood,
    boolean nullable,
    List<String> categories,
    double offset,
    double scale) {

  public FieldSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    categories = categories == null ? List.of() : List.copyOf(categories);
    if (role == FieldRole.FEATURE && likelihood == null) {
      throw new IllegalArgumentException("feature field '" + name + "' needs a likelihood");
    }
    if (likelihood != null && likelihood.symbolic() && categories.size() < 2) {
      throw new IllegalArgumentException(likelihood.spelling() + " field '" + name + "' needs at least two symbols");
    }
    if (!(scale > 0) || !Double.isFinite(scale) || !Double.isFinite(offset)) {
      throw new IllegalArgumentException("field '" + name + "': bad normalisation offset="
          + offset + " scale=" + scale);
    }
  }

  /** A feature with default (identity) normalisation. */
  public static FieldSpec feature(String name, Likelihood likelihood, boolean nullable, List<String> categories) {
    return new FieldSpec(name, FieldRole.FEATURE, likelihood, nullable, categories, 0.0, 1.0);
  }

  /** A field that is carried along but not modelled. */
  public static FieldSpec carried(String name, FieldRole role) {
    if (role == FieldRole.FEATURE) {
      throw new IllegalArgumentException("field '" + name + "' is a feature and needs a likelihood");
    }
    return new FieldSpec(name, role, null, true, List.of(), 0.0, 1.0);
  }

  /**
   * An enum symbol for a class a table writes as a number: Avro names start with a letter or '_' and
   * hold no '.' or '-', so 1 is {@code _1}, 2.5 {@code _2_5} and -1 {@code _m1}.
   */
  public static String symbolOf(double value) {
    String text = java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    return "_" + text.replace('.', '_').replace("-", "m");
  }

  /** The index of a symbolic field's class written as {@code cell}: its symbol, or a number's symbol; -1 if none. */
  public int symbolIndex(String cell) {
    int k = categories.indexOf(cell);
    if (k >= 0 || cell.isEmpty() || !(Character.isDigit(cell.charAt(0)) || cell.charAt(0) == '-')) {
      return k;
    }
    try {
      return categories.indexOf(symbolOf(Double.parseDouble(cell)));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public boolean isFeature() {
    return role == FieldRole.FEATURE;
  }

  public int inputWidth() {
    return likelihood.inputWidth(categories.size());
  }

  public int headWidth() {
    return likelihood.headWidth(categories.size());
  }

  public FieldSpec withNormalisation(double newOffset, double newScale) {
    return new FieldSpec(name, role, likelihood, nullable, categories, newOffset, newScale);
  }

  /**
   * Raw value to the model's scale (numbers only; others pass through): min-max over the training
   * values, of {@code log(1 + x)} for a positive number or a count.
   */
  public double normalise(double raw) {
    return likelihood.numeric() ? (transformed(raw) - offset) / scale : raw;
  }

  /** A number's raw value of a normalised one: the inverse of {@link #normalise}. */
  public double raw(double normalised) {
    double y = offset + scale * normalised;
    return likelihood.logScale() ? StrictMath.expm1(y) : y;
  }

  /** The value the normalisation is learned on: {@code log(1 + x)} for a positive number or a count, else x. */
  public double transformed(double raw) {
    return likelihood != null && likelihood.logScale() ? StrictMath.log1p(raw) : raw;
  }

  /** The same field with another likelihood. */
  public FieldSpec withLikelihood(Likelihood newLikelihood) {
    return new FieldSpec(name, role, newLikelihood, nullable, categories, offset, scale);
  }
}
