package org.elbostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench on a real embedded broker, shrunk to seconds: the figures it prints are there and add up. */
class BenchCommandTest {
  @TempDir
  Path tmp;

  @Test
  void shouldReportEachTopicsBytesAndTheThreadCostRatioAsTheMedianOfItsRounds() throws Exception {
    Path json = tmp.resolve("bench.json");
    CommandResult r = CommandResult.run("bench", "--records", "3000", "--warmup", "0", "--only",
        "passthrough,null-model", "--runs", "3", "--latency-seconds", "1", "--out", tmp.resolve("work").toString(),
        "--json", json.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertThat(o.getAsJsonArray("passthrough")).hasSize(3);
    double[] ratios = new double[3];
    for (int i = 0; i < 3; i++) {
      JsonObject pass = o.getAsJsonArray("passthrough").get(i).getAsJsonObject();
      JsonObject free = o.getAsJsonArray("null-model").get(i).getAsJsonObject();
      JsonObject topics = free.getAsJsonObject("bytes_out_per_record_by_topic");
      assertThat(topics.keySet()).contains("imputed", "scores", "elbostream-pending-changelog");
      double sum = topics.entrySet().stream().mapToDouble(e -> e.getValue().getAsDouble()).sum();
      assertThat(free.get("bytes_out_per_record").getAsDouble()).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(pass.getAsJsonObject("bytes_out_per_record_by_topic").keySet()).containsExactly("output");
      ratios[i] = free.get("stream_thread_us_per_record").getAsDouble()
          / pass.get("stream_thread_us_per_record").getAsDouble();
    }
    java.util.Arrays.sort(ratios);
    assertThat(o.get("free_model_thread_cost_vs_passthrough").getAsDouble()).isEqualTo(ratios[1]);
    assertThat(r.out()).contains("free_model_thread_cost_vs_passthrough").contains("(rounds: ");
  }
}
