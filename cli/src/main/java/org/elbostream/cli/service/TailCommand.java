package org.elbostream.cli.service;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.streams.serde.DecodeException;
import org.elbostream.streams.serde.OutputSchemas;
import org.elbostream.streams.serde.SingleObjectCodec;
import org.elbostream.streams.serde.WriterSchemas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elbostream tail}: print a topic's records as they arrive, one JSON line each: the scores and
 * alerts decoded from Avro, anything else (a dead letter) as its headers and size.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
    header = "Print the records of one of the service's topics as JSON lines as they arrive.",
    description = "Print the records of one of the service's topics as JSON lines as they arrive (scores and alerts"
        + " decoded; other records, such as dead letters, by their headers), until Ctrl-C, --max or --seconds.")
public final class TailCommand implements Callable<Integer> {
  private static final List<SingleObjectCodec> CODECS = List.of(SingleObjectCodec.writerOnly(OutputSchemas.ALERT),
      SingleObjectCodec.writerOnly(OutputSchemas.SCORE),
      new SingleObjectCodec(OutputSchemas.SENSOR_READING, new WriterSchemas()));

  @Option(names = "--bootstrap-server", required = true, description = "Kafka's address, host:port.")
  String bootstrap;

  @Option(names = "--topic", required = true, description = "The topic, e.g. elbostream-alerts.")
  String topic;

  @Option(names = "--from-beginning", description = "Start at the topic's first record instead of its end.")
  boolean fromBeginning;

  @Option(names = "--max", description = "Stop after this many records.")
  Long max;

  @Option(names = "--seconds", description = "Stop after this many seconds.")
  Long seconds;

  @Option(names = "--model", paramLabel = "DIR", description = "A model bundle: the contributions and imputed fields"
      + " of the scores it made are printed by field name (a score record carries them by position in the model's"
      + " field order).")
  Path model;

  @Override
  public Integer call() throws Exception {
    ModelBundle named = model == null ? null : BundleFormat.read(model);
    Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "elbostream-tail-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long printed = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = seconds == null ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
      while ((max == null || printed < max) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          System.out.println(line(r, named));
          System.out.flush();
          if (max != null && ++printed >= max) {
            break;
          }
        }
      }
    }
    return 0;
  }

  private static String line(ConsumerRecord<byte[], byte[]> r, ModelBundle named) {
    for (SingleObjectCodec codec : CODECS) {
      if (r.value() != null && codec.writtenWithThisSchema(r.value())) {
        try {
          GenericRecord record = codec.decode(r.value());
          return named != null && record.getSchema().equals(OutputSchemas.SCORE)
              && named.version().equals(String.valueOf(record.get("model_version"))) ? byName(record, named)
              : record.toString();
        } catch (DecodeException e) {
          break;
        }
      }
    }
    StringBuilder headers = new StringBuilder();
    for (Header h : r.headers()) {
      headers.append(headers.length() == 0 ? "" : ", ").append('"').append(h.key()).append("\": \"")
          .append(new String(h.value(), StandardCharsets.UTF_8).replace("\"", "\\\"")).append('"');
    }
    return String.format("{\"offset\": %d, \"bytes\": %d, \"headers\": {%s}}", r.offset(),
        r.value() == null ? 0 : r.value().length, headers);
  }

  /**
   * A score with its contributions as a {field: nats} object, in the order the record gives them,
   * and each imputed field's name beside its position.
   */
  private static String byName(GenericRecord score, ModelBundle model) {
    List<FieldSpec> fields = model.featureSpec().features();
    List<?> values = (List<?>) score.get("contributions");
    List<?> positions = (List<?>) score.get("contribution_fields");
    JsonObject named = new JsonObject();
    for (int k = 0; k < values.size(); k++) {
      int j = positions == null ? k : (Integer) positions.get(k);
      named.addProperty(fields.get(j).name(), (Float) values.get(k));
    }
    JsonObject out = JsonParser.parseString(score.toString()).getAsJsonObject();
    out.add("contributions", named);
    out.remove("contribution_fields");
    for (var imputed : out.getAsJsonArray("imputed")) {
      JsonObject field = imputed.getAsJsonObject();
      field.addProperty("field", fields.get(field.get("position").getAsInt()).name());
    }
    return out.toString();
  }
}
