package org.elbostream.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigTest {
  @TempDir
  Path tmp;

  @Test
  void shouldLetTheEnvironmentOverrideTheFileAndPassKafkaKeysThrough() throws Exception {
    Path file = Files.writeString(tmp.resolve("s.properties"),
        "bootstrap.servers=a:9092\nelbostream.batch.size=64\nlinger.ms=7\n");
    ServiceConfig c = ServiceConfig.load(file, Map.of("ELBOSTREAM_BATCH_SIZE", "32",
        "KAFKA_BOOTSTRAP_SERVERS", "b:9092", "HOME", "/root"));
    assertThat(c.getInt(ServiceConfig.BATCH_SIZE)).isEqualTo(32);
    assertThat(c.streamsProperties()).containsEntry("bootstrap.servers", "b:9092").containsEntry("linger.ms", "7")
        .containsEntry("processing.guarantee", "exactly_once_v2").doesNotContainKey(ServiceConfig.BATCH_SIZE);
  }

  @Test
  void shouldRefuseAnEnvironmentVariableThatNamesNoSetting() throws Exception {
    Path file = Files.writeString(tmp.resolve("s.properties"), "bootstrap.servers=a:9092\n");
    assertThatThrownBy(() -> ServiceConfig.load(file, Map.of("ELBOSTREAM_BATCH_SIZ", "3")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ELBOSTREAM_BATCH_SIZ");
  }

  @Test
  void shouldReadWhichContributionsAScoreCarriesAndRefuseAnythingElse() {
    assertThat(new ServiceConfig(Map.of("bootstrap.servers", "a:9092")).contributions()).isEqualTo(Contributions.ALL);
    assertThat(new ServiceConfig(Map.of("bootstrap.servers", "a:9092", ServiceConfig.SCORES_CONTRIBUTIONS, "top:5"))
        .contributions().top()).isEqualTo(5);
    assertThat(new ServiceConfig(Map.of("bootstrap.servers", "a:9092", ServiceConfig.SCORES_CONTRIBUTIONS, "none"))
        .contributions()).isEqualTo(Contributions.NONE);
    for (String bad : new String[] {"top:0", "top:", "some", "top:x"}) {
      assertThatThrownBy(() -> new ServiceConfig(Map.of("bootstrap.servers", "a:9092",
          ServiceConfig.SCORES_CONTRIBUTIONS, bad))).isInstanceOf(ConfigException.class)
          .hasMessageContaining(ServiceConfig.SCORES_CONTRIBUTIONS).hasMessageContaining("top:K");
    }
  }

  @Test
  void shouldMaskSecretsWhenDescribed() {
    ServiceConfig c = new ServiceConfig(Map.of("bootstrap.servers", "a:9092",
        "sasl.jaas.config", "ScramLoginModule required username=\"u\" password=\"hunter2\";",
        "ssl.truststore.password", "hunter2"));
    assertThat(c.describe().toString()).doesNotContain("hunter2").contains("ssl.truststore.password=[hidden]");
  }

  @Test
  void shouldListEverySettingInTheServiceDocs() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "service.md"));
    assertThat(doc).contains(ServiceConfig.markdownTable());
  }
}
