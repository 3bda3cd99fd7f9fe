package org.elbostream.model.feature;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The model's view of an input record: which fields exist, which are features and how each is
 * modelled and normalised. Built from an Avro schema or a CSV header, then fitted to training data
 * with {@link #withStatisticsOf(List)}; stored in the model bundle so scoring uses exactly the
 * encoding the model was trained with.
 *
 * <p>A record's features travel as a {@code double[]} with one entry per feature field, in
 * {@link #features()} order, in raw units; {@code NaN} means the field is missing. A categorical
 * value is its symbol's index, a boolean 0 or 1.
 */
public final class FeatureSpec {
  private final List<FieldSpec> fields;
  private final List<FieldSpec> features;

  public FeatureSpec(List<FieldSpec> fields) {
    this.fields = List.copyOf(fields);
    this.features = this.fields.stream().filter(FieldSpec::isFeature).toList();
    Set<String> seen = new HashSet<>();
    for (FieldSpec f : this.fields) {
      if (!seen.add(f.name())) {
        throw new IllegalArgumentException("field '" + f.name() + "' appears twice");
      }
    }
    if (features.isEmpty()) {
      throw new IllegalArgumentException("no feature fields: every field has a non-feature role");
    }
  }

  /**
   * Features from an Avro record schema: int, long, float and double fields are numbers, Gaussian
   * unless their {@value Likelihood#SCHEMA_PROPERTY} property names another likelihood; boolean
   * fields Bernoulli, enum categorical; {@code ["null", T]} marks a field that may be missing. Fields
   * with an {@code elbo.role} other than feature are carried, not modelled.
   */
  public static FeatureSpec fromAvro(Schema schema) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("schema " + schema.getFullName() + " is not a record");
    }
    List<FieldSpec> out = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      String roleProp = field.getProp(FieldRole.SCHEMA_PROPERTY);
      FieldRole role = roleProp == null ? FieldRole.FEATURE : FieldRole.parse(roleProp, field.name());
      if (role != FieldRole.FEATURE) {
        out.add(FieldSpec.carried(field.name(), role));
        continue;
      }
      Schema type = field.schema();
      boolean nullable = false;
      if (type.getType() == Schema.Type.UNION) {
        List<Schema> branches = type.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        nullable = branches.size() < type.getTypes().size();
        if (branches.size() != 1) {
          throw new IllegalArgumentException("field '" + field.name() + "': a feature may be a union of"
              + " null and one type only, found " + type);
        }
        type = branches.get(0);
      }
      out.add(switch (type.getType()) {
        case INT, LONG, FLOAT, DOUBLE -> FieldSpec.feature(field.name(), namedLikelihood(field), nullable, null);
        case BOOLEAN -> FieldSpec.feature(field.name(), Likelihood.BERNOULLI, nullable, null);
        case ENUM -> FieldSpec.feature(field.name(), namedSymbols(field), nullable, type.getEnumSymbols());
        default -> throw new IllegalArgumentException("field '" + field.name() + "' has type "
            + type.getType().getName() + ": a feature must be int, long, float, double, boolean or enum;"
            + " mark other fields with \"" + FieldRole.SCHEMA_PROPERTY + "\": \"key\", \"timestamp\" or \"passthrough\"");
      });
    }
    return new FeatureSpec(out);
  }

  /** An enum's likelihood: ordinal when its schema says so, its symbols then in their order; else categorical. */
  private static Likelihood namedSymbols(Schema.Field field) {
    String named = field.getProp(Likelihood.SCHEMA_PROPERTY);
    if (named == null || named.trim().equalsIgnoreCase(Likelihood.CATEGORICAL.spelling())) {
      return Likelihood.CATEGORICAL;
    }
    if (named.trim().equalsIgnoreCase(Likelihood.ORDINAL.spelling())) {
      return Likelihood.ORDINAL;
    }
    throw new IllegalArgumentException("field '" + field.name() + "': " + Likelihood.SCHEMA_PROPERTY + " is '"
        + named + "', expected ordinal or categorical for an enum");
  }

  /** The likelihood a number field's schema names, Gaussian if it names none. */
  private static Likelihood namedLikelihood(Schema.Field field) {
    String named = field.getProp(Likelihood.SCHEMA_PROPERTY);
    return named == null ? Likelihood.GAUSSIAN : Likelihood.ofNumber(named, "field '" + field.name() + "'");
  }

  /**
   * The names of the number fields whose likelihood the schema names: training leaves them as they
   * are and gives the others its own choice ({@link #withNumbersAs}).
   */
  public static Set<String> namedNumbers(Schema schema) {
    Set<String> out = new HashSet<>();
    schema.getFields().stream().filter(f -> f.getProp(Likelihood.SCHEMA_PROPERTY) != null)
        .forEach(f -> out.add(f.name()));
    return out;
  }

  /**
   * Every real number but those in {@code keep} modelled by {@code likelihood}; positive numbers and
   * counts keep the likelihood their type gave them.
   */
  public FeatureSpec withNumbersAs(Likelihood likelihood, Set<String> keep) {
    if (!likelihood.real()) {
      throw new IllegalArgumentException(likelihood.spelling() + " is not a likelihood for real numbers");
    }
    return new FeatureSpec(fields.stream().map(f -> f.isFeature() && f.likelihood().real()
        && !keep.contains(f.name()) ? f.withLikelihood(likelihood) : f).toList());
  }

  /** Nullable Gaussian features named by a CSV header. */
  public static FeatureSpec fromColumnNames(List<String> names) {
    return fromColumnNames(names, Map.of());
  }

  /**
   * Columns of a header: those named in {@code roles} carried with that role, every other one a
   * nullable Gaussian feature.
   */
  public static FeatureSpec fromColumnNames(List<String> names, Map<String, FieldRole> roles) {
    List<FieldSpec> out = new ArrayList<>();
    for (String name : names) {
      FieldRole role = roles.getOrDefault(name, FieldRole.FEATURE);
      out.add(role == FieldRole.FEATURE ? FieldSpec.feature(name, Likelihood.GAUSSIAN, true, null)
          : FieldSpec.carried(name, role));
    }
    return new FeatureSpec(out);
  }

  /** Nullable Gaussian features {@code x0..x{d-1}}: a headerless numeric CSV such as SMD. */
  public static FeatureSpec numericColumns(int width) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      names.add("x" + i);
    }
    return fromColumnNames(names);
  }

  /**
   * Learns each number's normalisation from the observed values of {@code rows}: the
   * training range maps to [0, 1]. Min-max rather than standardising, because a sensor that barely
   * moves in training (a tiny standard deviation) would otherwise turn every later drift of a
   * fraction of a percent into a huge score and drown the other fields. A constant feature keeps
   * scale 1, so a change from its training value counts in raw units.
   */
  public FeatureSpec withStatisticsOf(List<double[]> rows) {
    int width = features.size();
    double[] min = new double[width];
    double[] max = new double[width];
    java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (double[] row : rows) {
      for (int j = 0; j < width; j++) {
        double v = features.get(j).transformed(row[j]);
        if (!Double.isNaN(v)) {
          min[j] = Math.min(min[j], v);
          max[j] = Math.max(max[j], v);
        }
      }
    }
    List<FieldSpec> out = new ArrayList<>();
    int j = 0;
    for (FieldSpec f : fields) {
      if (!f.isFeature()) {
        out.add(f);
        continue;
      }
      if (min[j] > max[j]) {
        throw new IllegalArgumentException("feature '" + f.name() + "' is missing in every training row");
      }
      double range = max[j] - min[j];
      out.add(f.likelihood().numeric()
          ? f.withNormalisation(min[j], range > 1e-12 ? range : 1.0)
          : f);
      j++;
    }
    return new FeatureSpec(out);
  }

  /**
   * An Avro record schema for data that came without one (a CSV table): each feature a field of its
   * likelihood's type, nullable where it may be missing, naming its likelihood unless that is a
   * Gaussian number's, a boolean's or a categorical enum's; carried fields as nullable strings.
   */
  public Schema toAvroSchema(String name, String namespace) {
    List<Schema.Field> out = new ArrayList<>();
    for (FieldSpec f : fields) {
      Schema type = !f.isFeature() ? Schema.create(Schema.Type.STRING) : switch (f.likelihood()) {
        case GAUSSIAN, STUDENT_T, LOG_NORMAL -> Schema.create(Schema.Type.DOUBLE);
        case POISSON -> Schema.create(Schema.Type.LONG);
        case BERNOULLI -> Schema.create(Schema.Type.BOOLEAN);
        case CATEGORICAL, ORDINAL -> Schema.createEnum(f.name() + "_symbols", null, namespace, f.categories());
      };
      boolean nullable = !f.isFeature() || f.nullable();
      Schema.Field field = nullable
          ? new Schema.Field(f.name(), Schema.createUnion(Schema.create(Schema.Type.NULL), type), null, Schema.Field.NULL_DEFAULT_VALUE)
          : new Schema.Field(f.name(), type);
      if (!f.isFeature()) {
        field.addProp(FieldRole.SCHEMA_PROPERTY, f.role().name().toLowerCase(java.util.Locale.ROOT));
      } else if (f.likelihood() != Likelihood.GAUSSIAN && f.likelihood() != Likelihood.CATEGORICAL
          && f.likelihood() != Likelihood.BERNOULLI) {
        // A Gaussian number is the default, left unnamed, so that training's --likelihood still
        // chooses for it; any other is the data's own type and stays.
        field.addProp(Likelihood.SCHEMA_PROPERTY, f.likelihood().spelling());
      }
      out.add(field);
    }
    return Schema.createRecord(name, "generated from the training data's columns", namespace, false, out);
  }

  /** Every field, features and carried ones, in schema order. */
  public List<FieldSpec> fields() {
    return fields;
  }

  /** The modelled fields, in the order of a feature row. */
  public List<FieldSpec> features() {
    return features;
  }

  public int featureCount() {
    return features.size();
  }

  public List<String> featureNames() {
    return features.stream().map(FieldSpec::name).toList();
  }

  /**
   * Checks one feature row: right width, finite values, valid categories and booleans, no missing
   * value in a non-nullable field. The message names {@code origin} and the field.
   */
  public void validate(double[] row, String origin) {
    if (row.length != features.size()) {
      throw new IllegalArgumentException(origin + ": " + row.length + " values, the model expects "
          + features.size());
    }
    for (int j = 0; j < row.length; j++) {
      FieldSpec f = features.get(j);
      double v = row[j];
      if (Double.isNaN(v)) {
        if (!f.nullable()) {
          throw new IllegalArgumentException(origin + ": field '" + f.name() + "' is missing but not nullable");
        }
        continue;
      }
      if (Double.isInfinite(v)) {
        throw new IllegalArgumentException(origin + ": field '" + f.name() + "' is infinite");
      }
      boolean ok = switch (f.likelihood()) {
        case GAUSSIAN, STUDENT_T -> true;
        case LOG_NORMAL -> v >= 0;
        case POISSON -> v == Math.rint(v) && v >= 0;
        case BERNOULLI -> v == 0.0 || v == 1.0;
        case CATEGORICAL, ORDINAL -> v == Math.rint(v) && v >= 0 && v < f.categories().size();
      };
      if (!ok) {
        throw new IllegalArgumentException(origin + ": field '" + f.name() + "' has invalid value " + v);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureSpec other && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "FeatureSpec" + fields;
  }
}
