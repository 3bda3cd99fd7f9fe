package org.elbostream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.elbostream.cli.CommandResult.run;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elbostream.cli.demo.ReplayEncoder;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.model.imputation.ImputationOptions;
import org.elbostream.model.imputation.Imputer;
import org.elbostream.model.noise.RecordNoise;
import org.elbostream.streams.ScoringService;
import org.elbostream.streams.config.ServiceConfig;
import org.elbostream.streams.embedded.EmbeddedKafka;
import org.elbostream.streams.scoring.ScorerFactory;
import org.elbostream.streams.serde.SingleObjectCodec;
import org.elbostream.streams.serde.WriterSchemas;
import org.elbostream.streams.testing.TestSettings;
import org.elbostream.streams.testing.TopicReader;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TableReader;
import org.elbostream.trainer.impute.HiddenCells;
import org.elbostream.trainer.impute.ImputationEvaluation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the stream fills is what {@code impute-eval} measured: its model, served with the sampler
 * it chose, fills a replay of the table's incomplete rows through a real broker with the values
 * impute-eval's own evaluation gives those rows with the stream's seeds.
 */
@Tag("integration")
class StreamImputationTest {
  private static final int ROWS = 600;
  @TempDir
  Path tmp;

  @Test
  void shouldFillTheReplayedTableAsImputeEvalDoesWithTheSameModelAndSeeds() throws Exception {
    SplittableRandom r = new SplittableRandom(8);
    StringBuilder csv = new StringBuilder("a,b,c\n");
    for (int i = 0; i < ROWS; i++) {
      double a = r.nextGaussian();
      csv.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f%n", a, 0.7 * a + 0.2 * r.nextGaussian(),
          r.nextGaussian()));
    }
    Path data = Files.writeString(tmp.resolve("table.csv"), csv);
    Path model = tmp.resolve("model");
    Path json = tmp.resolve("eval.json");
    CommandResult eval = run("impute-eval", "--data", data.toString(), "--missing", "0.2", "--seed", "5", "--epochs",
        "5", "--burn-in", "5", "--draws", "16", "--importance-samples", "24", "--forest-trees", "0", "--model-out", model.toString(), "--json",
        json.toString());
    assertThat(eval.code()).as(eval.err()).isZero();
    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    String chosen = o.get("chosen_imputer").getAsString();
    Imputer.Kind kind = Imputer.Kind.valueOf(chosen.toUpperCase(Locale.ROOT));
    assertThat(eval.out()).contains("serve it with elbostream.imputer=" + chosen.replace('_', '-'));

    // The rows impute-eval imputed: the same mask, from the same seed.
    Table table = TableReader.read(data);
    HiddenCells hidden = HiddenCells.missingCompletelyAtRandom(ROWS, 3, 0.2, 5);
    List<double[]> incomplete = hidden.apply(table);
    ModelBundle bundle = BundleFormat.read(model);
    String topic = "fill-in";
    ImputationEvaluation offline = new ImputationEvaluation(table, hidden);
    offline.model(bundle, kind, new ImputationOptions(5, 16, 24), row -> RecordNoise.seedOf(topic, 0, row), done -> {});
    double[][] expected = offline.filled(ImputationEvaluation.name(kind));

    try (EmbeddedKafka kafka = EmbeddedKafka.start(null)) {
      kafka.createTopic(topic, 1);
      ReplayEncoder encoder = new ReplayEncoder(bundle, 0, 1);
      boolean[] blanked = new boolean[3];
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
          Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new ByteArraySerializer(),
          new ByteArraySerializer())) {
        for (double[] row : incomplete) {
          producer.send(new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8), encoder.encode(row, blanked)));
        }
      }
      Map<String, Object> settings = TestSettings.service("fill", tmp.resolve("state"), model, 32);
      settings.put("bootstrap.servers", kafka.bootstrapServers());
      settings.put(ServiceConfig.IMPUTER, chosen.replace('_', '-'));
      settings.put(ServiceConfig.IMPUTER_BURN_IN, "5");
      settings.put(ServiceConfig.IMPUTER_DRAWS, "16");
      settings.put(ServiceConfig.IMPUTER_IMPORTANCE_SAMPLES, "24");
      ServiceConfig config = new ServiceConfig(settings);
      List<ConsumerRecord<byte[], byte[]>> filled;
      try (ScoringService service = ScoringService.start(config, ScorerFactory.networks(config))) {
        assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
        filled = TopicReader.readUntil(kafka.bootstrapServers(), "fill-imputed", got -> got.size() >= ROWS,
            Duration.ofSeconds(120));
      }
      assertThat(filled).hasSize(ROWS);
      SingleObjectCodec codec = new SingleObjectCodec(new Schema.Parser().parse(bundle.manifest().inputSchema()),
          new WriterSchemas());
      int compared = 0;
      for (int i = 0; i < ROWS; i++) {
        GenericRecord record = codec.decode(filled.get(i).value());
        for (int j = 0; j < 3; j++) {
          double value = ((Number) record.get(bundle.featureSpec().featureNames().get(j))).doubleValue();
          if (hidden.hidden(i, j)) {
            // float32 networks on both sides; a batch of other rows may round a last bit differently.
            assertThat(value).as("row %d, column %d", i, j).isCloseTo(expected[i][j],
                within(1e-5 * Math.max(1, Math.abs(expected[i][j]))));
            compared++;
          } else {
            assertThat(value).as("row %d, column %d is observed", i, j).isEqualTo(incomplete.get(i)[j]);
          }
        }
      }
      assertThat(compared).isEqualTo(hidden.count()).isGreaterThan(ROWS / 3);
    }
  }
}
