package org.elbostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming commands as a user runs them. */
@Tag("integration")
class StreamingCommandsTest {
  @TempDir
  Path tmp;

  @Test
  void shouldRunTheDemoEndToEndOnAnEmbeddedBrokerAndStop() throws Exception {
    Path out = tmp.resolve("demo");
    var result = CommandResult.run("demo", "--out", out.toString(), "--epochs", "2", "--records", "800");
    assertThat(result.code()).as(result.err()).isZero();
    JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("stream-summary.json"))).getAsJsonObject();
    assertThat(summary.get("scored").getAsInt()).isEqualTo(800);
    assertThat(summary.get("deadLetters").getAsInt()).isEqualTo(3);
    assertThat(summary.get("imputedCells").getAsInt()).isGreaterThan(800 * 38 / 20);
    assertThat(summary.get("imputationRmse").getAsDouble()).isLessThan(summary.get("midrangeRmse").getAsDouble());
  }

  @Test
  void shouldRefuseAConfigurationWithoutBrokersNamingTheFile() throws Exception {
    Path config = Files.writeString(tmp.resolve("service.properties"), "elbostream.batch.size=64\n");
    var result = CommandResult.run("serve", "--config", config.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains(config.toString()).contains("bootstrap.servers");
  }

  @Test
  void shouldRefuseAnOutOfRangeSetting() throws Exception {
    Path config = Files.writeString(tmp.resolve("service.properties"),
        "bootstrap.servers=127.0.0.1:1\nelbostream.batch.size=0\n");
    var result = CommandResult.run("serve", "--config", config.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("elbostream.batch.size");
  }
}
