package org.elbostream.model.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class FeatureSpecTest {

  static Schema exampleSchema() throws IOException {
    try (InputStream in = FeatureSpecTest.class.getResourceAsStream("/schemas/SensorReading.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }

  @Test
  void shouldGenerateAnAvroSchemaThatReadsBackAsTheSameFeatures() {
    FeatureSpec spec = new FeatureSpec(List.of(
        FieldSpec.carried("host", FieldRole.KEY),
        FieldSpec.feature("x0", Likelihood.GAUSSIAN, true, null),
        FieldSpec.feature("ok", Likelihood.BERNOULLI, false, null),
        FieldSpec.feature("mode", Likelihood.CATEGORICAL, true, List.of("A", "B"))));
    Schema schema = spec.toAvroSchema("Reading", "org.example");
    assertThat(FeatureSpec.fromAvro(new Schema.Parser().parse(schema.toString()))).isEqualTo(spec);
  }

  @Test
  void shouldDeriveFeaturesAndRolesFromTheExampleSchema() throws IOException {
    FeatureSpec spec = FeatureSpec.fromAvro(exampleSchema());
    assertThat(spec.featureNames()).containsExactly("temperature_c", "pressure_kpa", "vibration_rms", "fan_rpm",
        "power_w", "door_open", "mode");
    assertThat(spec.fields()).extracting(FieldSpec::name, FieldSpec::role).contains(
        org.assertj.core.groups.Tuple.tuple("sensor_id", FieldRole.KEY),
        org.assertj.core.groups.Tuple.tuple("event_time", FieldRole.TIMESTAMP),
        org.assertj.core.groups.Tuple.tuple("site", FieldRole.PASSTHROUGH));
    List<FieldSpec> f = spec.features();
    assertThat(f).extracting(FieldSpec::likelihood).containsExactly(Likelihood.GAUSSIAN, Likelihood.GAUSSIAN,
        Likelihood.GAUSSIAN, Likelihood.GAUSSIAN, Likelihood.GAUSSIAN, Likelihood.BERNOULLI, Likelihood.CATEGORICAL);
    assertThat(f.get(0).nullable()).isTrue();
    assertThat(f.get(4).nullable()).as("power_w is not a union with null").isFalse();
    assertThat(f.get(6).categories()).containsExactly("IDLE", "NORMAL", "BOOST");
  }

  @Test
  void shouldRefuseAStringFieldWithoutARoleNamingTheField() {
    Schema schema = new Schema.Parser().parse("""
        {"type":"record","name":"R","fields":[{"name":"host","type":"string"},{"name":"v","type":"double"}]}""");
    assertThatThrownBy(() -> FeatureSpec.fromAvro(schema))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'host'").hasMessageContaining("elbo.role");
  }

  @Test
  void shouldRefuseAnUnknownRole() {
    Schema schema = new Schema.Parser().parse("""
        {"type":"record","name":"R","fields":[{"name":"id","type":"string","elbo.role":"identifier"}]}""");
    assertThatThrownBy(() -> FeatureSpec.fromAvro(schema)).hasMessageContaining("'id'").hasMessageContaining("identifier");
  }

  @Test
  void shouldLearnMinMaxNormalisationFromObservedValuesOnly() {
    FeatureSpec spec = FeatureSpec.numericColumns(2).withStatisticsOf(List.of(
        new double[] {1, 5}, new double[] {3, Double.NaN}, new double[] {2, 5}));
    assertThat(spec.features().get(0).offset()).isEqualTo(1);
    assertThat(spec.features().get(0).scale()).isEqualTo(2);
    assertThat(spec.features().get(0).normalise(3)).isEqualTo(1);
    assertThat(spec.features().get(1).scale()).as("constant feature keeps raw units").isEqualTo(1);
  }

  @Test
  void shouldRefuseAFeatureThatIsNeverObserved() {
    assertThatThrownBy(() -> FeatureSpec.numericColumns(2).withStatisticsOf(List.<double[]>of(new double[] {1, Double.NaN})))
        .hasMessageContaining("'x1'").hasMessageContaining("missing in every training row");
  }

  @Test
  void shouldValidateRowsNamingTheOriginAndField() throws IOException {
    FeatureSpec spec = FeatureSpec.fromAvro(exampleSchema());
    double nan = Double.NaN;
    spec.validate(new double[] {nan, nan, nan, nan, 200, 1, 2}, "ok");
    assertThatThrownBy(() -> spec.validate(new double[] {1, 1, 1, 1, nan, 1, 2}, "topic-0@5"))
        .hasMessageContaining("topic-0@5").hasMessageContaining("'power_w'").hasMessageContaining("not nullable");
    assertThatThrownBy(() -> spec.validate(new double[] {Double.POSITIVE_INFINITY, 1, 1, 1, 1, 1, 2}, "r"))
        .hasMessageContaining("'temperature_c' is infinite");
    assertThatThrownBy(() -> spec.validate(new double[] {1, 1, 1, 1, 1, 0.5, 2}, "r")).hasMessageContaining("'door_open'");
    assertThatThrownBy(() -> spec.validate(new double[] {1, 1, 1, 1, 1, 1, 3}, "r")).hasMessageContaining("'mode'");
    assertThatThrownBy(() -> spec.validate(new double[] {1, 1}, "r")).hasMessageContaining("2 values");
  }
}
