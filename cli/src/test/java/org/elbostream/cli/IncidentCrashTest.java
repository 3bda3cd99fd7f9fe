package org.elbostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.model.testing.BundleFixtures;
import org.elbostream.streams.embedded.EmbeddedKafka;
import org.elbostream.streams.serde.DecodeException;
import org.elbostream.streams.serde.OutputSchemas;
import org.elbostream.streams.serde.SingleObjectCodec;
import org.elbostream.streams.testing.Readings;
import org.elbostream.streams.testing.TopicReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code elbostream serve} in a child JVM, killed with SIGKILL while an incident is open — once
 * just after its OPENED was committed, once while the rest of the burst streams in — and restarted:
 * the incident store's changelog brings the open incident back, so on-call reads exactly one
 * OPENED and exactly one RESOLVED for it.
 */
@Tag("integration")
class IncidentCrashTest {
  private static final long START = 1_700_000_000_000L;
  private static final int RECORDS = 80;
  /** Records 20..39 of the one key are far off; the 40 after them are quiet. */
  private static final List<byte[]> SERIES = Readings.burst("m1", START, RECORDS, 20, 40);
  private final SingleObjectCodec codec = SingleObjectCodec.writerOnly(OutputSchemas.INCIDENT);
  @TempDir
  Path dir;

  @Test
  void shouldOpenAndResolveAnIncidentOnceAcrossKills() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(null)) {
      kafka.createTopic("icrash-in", 1);
      Path model = dir.resolve("model");
      BundleFormat.write(BundleFixtures.untrained(7), model);
      Path config = ChildServices.config(dir, kafka, model, "icrash", "icrash-instance", 20, -1);
      // The rules the series is scripted for: one crossing opens, ten records of quiet resolve.
      Files.writeString(config, "elbostream.threshold.mode=static\nelbostream.incident.open.k=1\n"
          + "elbostream.incident.open.n=1\nelbostream.incident.quiet.records=10\n", StandardOpenOption.APPEND);

      Process first = ChildServices.serve(config, "first");
      produce(kafka, 0, 25);
      awaitEvents(kafka, events -> events.stream().anyMatch(e -> is(e, "OPENED")));
      ChildServices.kill(first);

      Process second = ChildServices.serve(config, "second");
      produce(kafka, 25, 40);
      awaitScores(kafka, 30);
      ChildServices.kill(second);

      Process third = ChildServices.serve(config, "third");
      try {
        produce(kafka, 40, RECORDS);
        awaitEvents(kafka, events -> events.stream().anyMatch(e -> is(e, "RESOLVED")));
        // Read again a little later: a second OPENED or RESOLVED would have arrived by then.
        List<GenericRecord> events = decode(ChildServices.read(kafka, "icrash-incidents", Duration.ofSeconds(3)));
        List<GenericRecord> opened = events.stream().filter(e -> is(e, "OPENED")).toList();
        List<GenericRecord> resolved = events.stream().filter(e -> is(e, "RESOLVED")).toList();
        assertThat(opened).as("opened once across two kills").hasSize(1);
        assertThat(resolved).as("resolved once, not lost with a killed task").hasSize(1);
        GenericRecord end = resolved.get(0);
        assertThat(end.get("incident_id")).isEqualTo(opened.get(0).get("incident_id"));
        assertThat(end.get("reason").toString()).isEqualTo("QUIET");
        assertThat(end.get("start_time")).as("the incident kept its start across the kills").isEqualTo(START + 20_000);
        // A record whose past still holds the burst may cross too.
        assertThat((Long) end.get("end_time")).as("the burst's last record, or one just after it")
            .isBetween(START + 39_000, START + 45_000);
        assertThat(ChildServices.read(kafka, "icrash-scores", Duration.ofSeconds(1))).hasSize(RECORDS);
      } finally {
        ChildServices.kill(third);
      }
    }
  }

  private static boolean is(GenericRecord event, String change) {
    return change.equals(event.get("event").toString());
  }

  private static void produce(EmbeddedKafka kafka, int from, int to) {
    ChildServices.produce(kafka, "icrash-in", SERIES, from, to, 0);
  }

  private void awaitEvents(EmbeddedKafka kafka, Predicate<List<GenericRecord>> done) {
    List<GenericRecord> events = decode(TopicReader.readUntil(kafka.bootstrapServers(), "icrash-incidents",
        r -> done.test(decode(r)), Duration.ofSeconds(90)));
    assertThat(done.test(events)).as("incident events within 90 s: " + events).isTrue();
  }

  private static void awaitScores(EmbeddedKafka kafka, int n) {
    assertThat(TopicReader.readUntil(kafka.bootstrapServers(), "icrash-scores", r -> r.size() >= n,
        Duration.ofSeconds(90))).as("scores within 90 s").hasSizeGreaterThanOrEqualTo(n);
  }

  private List<GenericRecord> decode(List<ConsumerRecord<byte[], byte[]>> records) {
    List<GenericRecord> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      try {
        out.add(codec.decode(r.value()));
      } catch (DecodeException e) {
        throw new AssertionError("an unreadable incident event at offset " + r.offset(), e);
      }
    }
    return out;
  }
}
