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
 * @param offset training minimum of a number (0 before fitting)
 * @param scale training range (max - min) of a number (1 before fitting or if constant)
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
    if (likelihood == Likelihood.CATEGORICAL && categories.size() < 2) {
      throw new IllegalArgumentException("categorical field '" + name + "' needs at least two symbols");
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

  /** Raw value to the model's scale (numbers only; others pass through). */
  public double normalise(double raw) {
    return likelihood.numeric() ? (raw - offset) / scale : raw;
  }

  /** The same field with another likelihood. */
  public FieldSpec withLikelihood(Likelihood newLikelihood) {
    return new FieldSpec(name, role, newLikelihood, nullable, categories, offset, scale);
  }
}
