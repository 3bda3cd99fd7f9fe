package org.elbostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.elbostream.cli.demo.DemoData;
import org.elbostream.cli.process.ServiceProcess;
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
  void shouldScoreTheWholeShippedSmdTestFileOneLinePerRow() throws Exception {
    Path model = tmp.resolve("m12");
    assertThat(CommandResult.run("train", "--train", DemoData.TRAIN.toString(), "--out", model.toString(), "--epochs",
        "2").code()).isZero();
    Path out = tmp.resolve("scores.csv");
    CommandResult r = CommandResult.run("score", "--model", model.toString(), "--in", DemoData.TEST.toString(), "--out",
        out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    try (Stream<String> lines = Files.lines(out)) {
      assertThat(lines.count()).isEqualTo(1 + 23_694);
    }
  }

  @Test
  void shouldKeepTheServiceRunningAfterTheDemoUntilAskedToStop() throws Exception {
    Path out = tmp.resolve("kept");
    Path log = tmp.resolve("kept.log");
    Process demo = ServiceProcess.command(log, "demo", "--out", out.toString(), "--epochs", "2", "--records", "400",
        "--keep-running");
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (!Files.readString(log).contains("keep running until Ctrl-C") && System.nanoTime() < deadline) {
        assertThat(demo.isAlive()).as(Files.readString(log)).isTrue();
        Thread.sleep(200);
      }
      String printed = Files.readString(log);
      Matcher url = Pattern.compile("curl (http://localhost:\\d+/metrics)").matcher(printed);
      assertThat(url.find()).as(printed).isTrue();
      assertThat(printed).contains("bin/elbostream tail --bootstrap-server localhost:")
          // into a file, not a terminal: plain lines, no carriage returns or colour codes
          .doesNotContain("\r").doesNotContain("\u001b[")
          // the configuration in one line, not the whole dump
          .containsPattern("INFO ScoringService - Starting: application elbostream on localhost:\\d+, reading"
              + " sensor-readings, model .*model \\(every setting at DEBUG\\)");
      // still answering after the replay, and again a moment later
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.group(1)))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("elbostream_records_in_total");
        Thread.sleep(1000);
      }
      assertThat(demo.isAlive()).isTrue();
      Matcher broker = Pattern.compile("--bootstrap-server (localhost:\\d+) --topic elbostream-scores").matcher(printed);
      assertThat(broker.find()).isTrue();
      CommandResult tail = CommandResult.run("tail", "--bootstrap-server", broker.group(1), "--topic",
          "elbostream-scores", "--from-beginning", "--max", "2", "--seconds", "60");
      assertThat(tail.code()).as(tail.err()).isZero();
      assertThat(tail.out().lines().filter(l -> l.startsWith("{\"key\": \"machine-1-2\"")).count()).isEqualTo(2);
      Matcher model = Pattern.compile("--topic elbostream-scores --model (\\S+)").matcher(printed);
      assertThat(model.find()).as(printed).isTrue();
      CommandResult named = CommandResult.run("tail", "--bootstrap-server", broker.group(1), "--topic",
          "elbostream-scores", "--from-beginning", "--max", "1", "--seconds", "60", "--model", model.group(1));
      assertThat(named.code()).as(named.err()).isZero();
      assertThat(named.out()).as("the contributions by field name").containsPattern("\"contributions\":\\{\"[A-Za-z_][A-Za-z_0-9]*\":");
      // SIGTERM: the shutdown Ctrl-C takes too (a test JVM started in the background ignores SIGINT,
      // and its children with it)
      demo.destroy();
      assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
      String stopping = Files.readString(log).substring(Files.readString(log).indexOf("stopping the service"));
      assertThat(stopping).endsWith("stopped\n").doesNotContain("ERROR"); // in order: nothing deleted under the broker
      assertThat(demo.descendants().count()).isZero();
    } finally {
      demo.destroyForcibly();
    }
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
