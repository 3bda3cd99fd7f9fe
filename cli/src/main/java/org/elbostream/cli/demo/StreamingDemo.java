package org.elbostream.cli.demo;

import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.model.incident.IncidentTracker;
import org.elbostream.streams.ScoringService;
import org.elbostream.streams.config.ServiceConfig;
import org.elbostream.streams.embedded.EmbeddedKafka;
import org.elbostream.streams.scoring.ScorerFactory;
import org.elbostream.streams.serde.DecodeException;
import org.elbostream.streams.serde.OutputSchemas;
import org.elbostream.streams.serde.SingleObjectCodec;
import org.elbostream.streams.serde.WriterSchemas;
import org.elbostream.trainer.data.LabelReader;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TableReader;
import org.elbostream.trainer.eval.IncidentMeasures;
import org.elbostream.trainer.eval.measure.BufferLength;
import org.elbostream.trainer.eval.measure.RankingMeasures;
import org.elbostream.trainer.eval.measure.VolumeUnderSurface;
import org.elbostream.trainer.impute.Baselines;

/**
 * The demo's streaming half: embedded broker, replay of the labelled test split with fields blanked,
 * the service, a live line, and a summary scored against the labels and the blanked truth.
 */
final class StreamingDemo {
  private static final String KEY = "machine-1-2";
  /** Whether stdout is a terminal, where the live line may redraw in place. */
  private static final boolean TERMINAL = System.console() != null;
  /** A few records that are not Avro at all, to show the dead-letter path. */
  private static final int GARBAGE = 3;
  private final Path out;
  private final Path modelDir;
  private final Integer limit;
  private final double blank;
  private final int batchSize;
  private final long seed;
  private final boolean keepRunning;

  /**
   * @param keepRunning whether the service and the broker stay up after the replay, until the JVM
   *     is asked to stop
   */
  StreamingDemo(Path out, Path modelDir, Integer limit, double blank, int batchSize, long seed, boolean keepRunning) {
    this.out = out;
    this.modelDir = modelDir;
    this.limit = limit;
    this.blank = blank;
    this.batchSize = batchSize;
    this.seed = seed;
    this.keepRunning = keepRunning;
  }

  /** What was sent: the true row and which cells were blanked, by input offset. */
  private record Sent(int row, boolean[] blanked) {}

  int run() throws Exception {
    ModelBundle bundle = BundleFormat.read(modelDir);
    Table test = TableReader.read(DemoData.TEST, bundle.featureSpec());
    boolean[] labels = LabelReader.read(DemoData.LABELS, test.size());
    int n = limit == null ? test.size() : Math.min(limit, test.size());
    if (n < 1) {
      throw new IllegalArgumentException("--records must be at least 1");
    }
    Files.createDirectories(out);
    Path report = modelDir.resolve("report.html").toAbsolutePath();
    Path json = out.resolve("stream-summary.json").toAbsolutePath();
    System.out.printf("starting an embedded Kafka broker...%n");
    Summary summary;
    // The stop signal outlives the broker: the JVM may exit as soon as it closes, so "stopped" is
    // printed before it does.
    try (StopSignal stop = keepRunning ? StopSignal.onShutdown() : null) {
      summary = stream(stop, bundle, test, labels, n, json, report);
      if (stop != null) {
        System.out.printf("stopped%n");
        System.out.flush();
      }
    }
    if (!keepRunning) {
      // After the service and the broker have closed, so that their last log lines come before it.
      summary.print(report);
      System.out.printf("summary: %s%n", json);
    }
    return 0;
  }

  /**
   * Replays the test rows into an embedded broker, runs the service on them and collects the summary;
   * with a stop signal, keeps both running until it fires.
   */
  private Summary stream(StopSignal stop, ModelBundle bundle, Table test, boolean[] labels, int n, Path json,
      Path report) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(null)) {
      kafka.createTopic("sensor-readings", 1);
      Map<Long, Sent> sent = replay(kafka, bundle, test, n);
      ServiceConfig config = new ServiceConfig(Map.of(
          "bootstrap.servers", kafka.bootstrapServers(),
          "state.dir", out.resolve("state").toString(),
          ServiceConfig.MODEL_PATH, modelDir.toString(),
          ServiceConfig.BATCH_SIZE, Integer.toString(batchSize),
          ServiceConfig.METRICS_PORT, "0"));
      long start = System.nanoTime();
      try (ScoringService service = ScoringService.start(config, ScorerFactory.networks(config))) {
        String metricsUrl = "http://localhost:" + service.metricsPort() + "/metrics";
        System.out.printf("service running; metrics at %s%n", metricsUrl);
        Summary summary = collect(kafka, service, sent, test, labels, bundle, start);
        if (TERMINAL) {
          System.out.println(); // ends the live line
        }
        Files.writeString(json, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
            .toJson(summary));
        if (stop != null) {
          summary.print(report);
          System.out.printf("summary: %s%n%nThe service and the broker keep running until Ctrl-C.%n"
              + "  metrics:  curl %s%n  alerts:   bin/elbostream tail --bootstrap-server %s --topic %s%n"
              + "  scores:   bin/elbostream tail --bootstrap-server %s --topic %s --model %s%n", json, metricsUrl,
              kafka.bootstrapServers(), config.getString(ServiceConfig.ALERTS_TOPIC), kafka.bootstrapServers(),
              config.getString(ServiceConfig.SCORES_TOPIC), modelDir);
          stop.await();
          System.out.printf("%nstopping the service and the broker...%n");
        }
        return summary;
      }
    }
  }

  /** Produces the first n test rows (and a few garbage records), blanking cells at random. */
  private Map<Long, Sent> replay(EmbeddedKafka kafka, ModelBundle bundle, Table test, int n)
      throws Exception {
    ReplayEncoder encoder = new ReplayEncoder(bundle, blank, seed);
    Map<Long, Sent> sent = new HashMap<>();
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 5);
    byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
    long now = System.currentTimeMillis();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      long offset = 0;
      int garbageEvery = garbageEvery(n);
      for (int i = 0; i < n; i++) {
        if (i > 0 && i % garbageEvery == 0) {
          producer.send(new ProducerRecord<>("sensor-readings", null, now, key,
              "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8)));
          offset++;
        }
        double[] row = test.rows().get(i);
        boolean[] blanked = new boolean[row.length];
        byte[] value = encoder.encode(row, blanked);
        producer.send(new ProducerRecord<>("sensor-readings", null, now + i, key, value));
        sent.put(offset++, new Sent(i, blanked));
      }
    }
    System.out.printf("replayed %d test records of %s (%.0f%% of fields blanked) and %d garbage records%n",
        n, KEY, 100 * blank, (n - 1) / garbageEvery(n));
    return sent;
  }

  /** Garbage goes before every this-many-th record: at most GARBAGE of them, since i < n. */
  private static int garbageEvery(int n) {
    return n / (GARBAGE + 1) + 1;
  }

  private Summary collect(EmbeddedKafka kafka, ScoringService service, Map<Long, Sent> sent, Table test,
      boolean[] labels, ModelBundle bundle, long startNanos) {
    Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "elbostream-demo-reader",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    SingleObjectCodec scores = new SingleObjectCodec(OutputSchemas.SCORE, new WriterSchemas());
    List<FieldSpec> features = bundle.featureSpec().features();
    int n = sent.size();
    double[] scoreOf = new double[n];
    boolean[] flagged = new boolean[n];
    int scored = 0;
    double squared = 0;
    int cells = 0;
    double midrangeSquared = 0;
    double carriedSquared = 0;
    double[][] carried = lastObserved(sent, test, features);
    Map<Long, Integer> rowAt = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of("elbostream-scores"));
      long lastLine = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (scored < n && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          GenericRecord s;
          try {
            s = scores.decode(r.value());
          } catch (DecodeException e) {
            throw new IllegalStateException("scores topic holds a record that does not decode: " + e.getMessage(), e);
          }
          Sent what = sent.get((Long) s.get("source_offset"));
          if (what == null) {
            continue;
          }
          scoreOf[what.row()] = (Double) s.get("score");
          rowAt.put((Long) s.get("event_time"), what.row());
          flagged[what.row()] = (Boolean) s.get("anomaly");
          double[] truth = test.rows().get(what.row());
          for (Object o : (List<?>) s.get("imputed")) {
            GenericRecord imputed = (GenericRecord) o;
            int j = (Integer) imputed.get("position");
            if (what.blanked()[j] && !Double.isNaN(truth[j])) {
              double scale = features.get(j).scale();
              squared += Math.pow(((Double) imputed.get("value") - truth[j]) / scale, 2);
              double midrange = features.get(j).offset() + scale / 2;
              midrangeSquared += Math.pow((midrange - truth[j]) / scale, 2);
              carriedSquared += Math.pow((carried[what.row()][j] - truth[j]) / scale, 2);
              cells++;
            }
          }
          scored++;
        }
        long now = System.nanoTime();
        // On a terminal the line redraws in place twice a second; in a log, a plain line every 5 s.
        if (now - lastLine > (TERMINAL ? 500_000_000L : 5_000_000_000L) || scored == n) {
          lastLine = now;
          double seconds = (now - startNanos) / 1e9;
          System.out.printf(Locale.ROOT, "%s%,d/%,d scored  %,.0f records/s  %,.0f anomalies  %,.0f dead letters"
              + "  %,.0f fields imputed%s", TERMINAL ? "\r" : "", scored, n, scored / seconds,
              service.metrics().anomalies(), service.metrics().deadLetters(), service.metrics().imputedTotal(),
              TERMINAL ? "   " : System.lineSeparator());
          System.out.flush();
        }
      }
    }
    boolean[] truthLabels = Arrays.copyOf(labels, n);
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < n; i++) {
      tp += flagged[i] && truthLabels[i] ? 1 : 0;
      fp += flagged[i] && !truthLabels[i] ? 1 : 0;
      fn += !flagged[i] && truthLabels[i] ? 1 : 0;
    }
    Double aucPr = null;
    Double vusPr = null;
    if (tp + fn > 0 && tp + fn < n) { // else the replayed prefix holds one class only: the measures are undefined
      aucPr = RankingMeasures.of(scoreOf, truthLabels).aucPr();
      vusPr = VolumeUnderSurface.of(scoreOf, truthLabels, BufferLength.ofFirstColumn(test.rows().subList(0, n)))
          .vusPr();
    }
    Incidents incidents = incidents(props, rowAt, truthLabels);
    return new Summary(n, scored, (long) service.metrics().deadLetters(), tp, fp, fn,
        tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp), tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn),
        vusPr, aucPr, cells, cells == 0 ? Double.NaN : Math.sqrt(squared / cells),
        cells == 0 ? Double.NaN : Math.sqrt(midrangeSquared / cells),
        cells == 0 ? Double.NaN : Math.sqrt(carriedSquared / cells), incidents, bundle.version(),
        (System.nanoTime() - startNanos) / 1e9);
  }

  /**
   * What on-call was paged with: the incidents topic read as a consumer reads it, each incident's
   * first and last crossing mapped back to the replayed rows and matched against the labelled
   * segments.
   */
  private static Incidents incidents(Map<String, Object> props, Map<Long, Integer> rowAt, boolean[] labels) {
    SingleObjectCodec codec = new SingleObjectCodec(OutputSchemas.INCIDENT, new WriterSchemas());
    Map<String, GenericRecord> latest = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>();
    Map<String, Object> reader = new HashMap<>(props);
    reader.put(ConsumerConfig.GROUP_ID_CONFIG, "elbostream-demo-incidents");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(reader, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of("elbostream-incidents"));
      long idleSince = System.nanoTime();
      while (System.nanoTime() - idleSince < 3_000_000_000L) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          idleSince = System.nanoTime();
          try {
            GenericRecord incident = codec.decode(r.value());
            latest.put(incident.get("incident_id").toString(), incident);
            if (lines.size() < 4) {
              lines.add(line(incident));
            }
          } catch (DecodeException e) {
            throw new IllegalStateException("incidents topic holds a record that does not decode: " + e.getMessage(), e);
          }
        }
      }
    }
    List<IncidentTracker.Incident> found = new ArrayList<>();
    for (GenericRecord i : latest.values()) {
      Integer from = rowAt.get((Long) i.get("start_time"));
      Integer to = rowAt.get((Long) i.get("end_time"));
      if (from != null && to != null) {
        found.add(new IncidentTracker.Incident(from, to, (Long) i.get("start_time"), (Long) i.get("end_time"),
            rowAt.getOrDefault((Long) i.get("peak_time"), from),
            (Long) i.get("peak_time"), (Double) i.get("peak_score"), (Integer) i.get("records")));
      }
    }
    IncidentMeasures m = IncidentMeasures.against(found, labels, 60_000); // SMD's rows are a minute apart
    return new Incidents(latest.size(), m.segments(), m.detected(), m.falseIncidents(), m.medianDelay(), lines);
  }

  /** One incident event as a line: what a page would say. */
  private static String line(GenericRecord i) {
    StringBuilder top = new StringBuilder();
    for (Object o : (List<?>) i.get("top_fields")) {
      GenericRecord f = (GenericRecord) o;
      top.append(top.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.4g (expected %.4g)",
          f.get("field"), f.get("observed"), f.get("expected")));
    }
    int records = (Integer) i.get("records");
    return String.format(Locale.ROOT, "%-8s %s key %s: %d record%s over %.1f nats, peak %.1f nats; top fields %s",
        i.get("event"), i.get("incident_id").toString().substring(0, 8), i.get("key"), records,
        records == 1 ? "" : "s", (Double) i.get("threshold"), (Double) i.get("peak_score"), top);
  }

  /** The incidents the demo's service raised, against the labelled segments of the replayed rows. */
  record Incidents(int incidents, int segments, int detected, int falseIncidents, double medianDelay,
      List<String> firstEvents) {}

  /**
   * Each replayed row's fields as the simplest streaming imputer would fill them: the key's last
   * value that was sent, not blanked; before the first, the field's training midpoint.
   */
  private static double[][] lastObserved(Map<Long, Sent> sent, Table test, List<FieldSpec> features) {
    double[][] asSent = new double[sent.size()][];
    for (Sent s : sent.values()) {
      asSent[s.row()] = test.rows().get(s.row()).clone();
      for (int j = 0; j < asSent[s.row()].length; j++) {
        asSent[s.row()][j] = s.blanked()[j] ? Double.NaN : asSent[s.row()][j];
      }
    }
    double[] midpoints = features.stream().mapToDouble(f -> f.offset() + f.scale() / 2).toArray();
    return Baselines.lastObservation(Arrays.asList(asSent), null, midpoints);
  }

  /** The demo's result, also written as JSON. */
  record Summary(int records, int scored, long deadLetters, int truePositives, int falsePositives,
      int falseNegatives, double precision, double recall, Double vusPr, Double aucPr, int imputedCells, double imputationRmse,
      double midrangeRmse, double carriedRmse, Incidents incidents, String modelVersion, double seconds) {
    void print(Path report) {
      System.out.printf(Locale.ROOT, "scored %,d of %,d records in %.1f s; %d dead letters (the garbage records)%n",
          scored, records, seconds, deadLetters);
      System.out.printf(Locale.ROOT, "anomalies at the model's threshold: precision %.3f, recall %.3f"
          + " (%d true, %d false alarms, %d missed)%n", precision, recall, truePositives, falsePositives,
          falseNegatives);
      if (vusPr != null) {
        System.out.printf(Locale.ROOT, "streamed scores: VUS-PR %.3f, point-wise AUC-PR %.3f%n", vusPr, aucPr);
      }
      System.out.printf(Locale.ROOT, "imputation of %,d blanked fields: RMSE %.4f of each field's training range"
          + " (carrying the field's last observation: %.4f; filling the range's midpoint: %.4f)%n", imputedCells,
          imputationRmse, carriedRmse, midrangeRmse);
      System.out.printf(Locale.ROOT, "incidents: %d; %d of %d labelled anomaly segments detected; %d false incidents;"
          + " median delay %s records. The first events on elbostream-incidents:%n", incidents.incidents(),
          incidents.detected(), incidents.segments(), incidents.falseIncidents(),
          Double.isNaN(incidents.medianDelay()) ? "-" : String.format(Locale.ROOT, "%.0f", incidents.medianDelay()));
      incidents.firstEvents().forEach(l -> System.out.println("  " + l));
      System.out.printf("the model's report is %s%n", report);
    }
  }
}
