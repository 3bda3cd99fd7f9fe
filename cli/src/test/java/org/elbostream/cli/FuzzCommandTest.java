package org.elbostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fuzz campaign, shrunk to a test: its own JVM for the service, a real broker, every input accounted for. */
class FuzzCommandTest {
  @TempDir
  Path tmp;

  @Test
  void shouldDeadLetterEveryCorruptedRecordAndScoreEveryGoodOneOnce() throws Exception {
    CommandResult r = CommandResult.run("fuzz", "--records", "20000", "--corrupt", "0.05", "--out", tmp.toString(),
        "--timeout-minutes", "10");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("every corrupted record dead-lettered with its error, every good one scored once");
    JsonObject o = JsonParser.parseString(Files.readString(tmp.resolve("fuzz.json"))).getAsJsonObject();
    long corrupt = o.get("corrupt_sent").getAsLong();
    assertThat(corrupt).as("about 5 %% of 20,000").isBetween(800L, 1200L);
    assertThat(o.get("corrupt_dead_lettered").getAsLong()).isEqualTo(corrupt);
    assertThat(o.get("good_scored_once").getAsLong()).isEqualTo(20000 - corrupt);
    for (String kind : new String[] {"truncated", "flipped_header_byte", "wrong_fingerprint", "nan_value",
        "infinite_value", "empty", "oversized"}) {
      assertThat(o.get("sent." + kind).getAsLong()).as(kind).isPositive();
      assertThat(o.get("dead_lettered." + kind).getAsLong()).as(kind).isEqualTo(o.get("sent." + kind).getAsLong());
    }
    assertThat(o.get("non_finite_scores").getAsLong()).isZero();
    assertThat(o.get("stream_thread_replacements").getAsDouble()).isZero();
  }
}
