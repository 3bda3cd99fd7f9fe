package org.elbostream.cli.bench;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.kafka.streams.KafkaStreams;
import org.elbostream.cli.demo.DemoData;
import org.elbostream.cli.demo.DemoModel;
import org.elbostream.cli.demo.ReplayEncoder;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.streams.ScoringService;
import org.elbostream.streams.config.ServiceConfig;
import org.elbostream.streams.embedded.EmbeddedKafka;
import org.elbostream.streams.scoring.ScorerFactory;
import org.elbostream.streams.topology.RecentRecords;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TableReader;
import org.elbostream.trainer.fit.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elbostream bench}: the service's topology against its floor and its peer, in one process on
 * one embedded broker under exactly-once, on the same pre-produced records. A benchmark that prints
 * figures, not a timed test: the ratios within one run are what carries over to another machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    header = "Measure the streaming service's throughput and latency on an embedded broker.",
    description = {"Throughput and end-to-end latency of the streaming service on an embedded broker:",
        "an Avro pass-through, the scoring topology with a free model, scoring batched, scoring at batch 1,",
        "a model that reads each record alone and one that reads it with its key's past (same batch),",
        "and Random Cut Forest in the scorer's place."})
public final class BenchCommand implements Callable<Integer> {
  static final String PASSTHROUGH = "passthrough";
  static final String SCORING = "scoring";
  static final String SCORING_BATCH_1 = "scoring-batch-1";
  static final String RCF = "rcf";
  /** The scoring topology with a detector that costs nothing: what the topology itself costs. */
  static final String NULL_MODEL = "null-model";
  /** Models of each kind, trained for the benchmark with --window 0 and --window {@value #WINDOW}. */
  static final String PER_RECORD = "per-record";
  static final String TEMPORAL = "temporal";
  static final int WINDOW = 10;
  static final List<String> VARIANTS = List.of(PASSTHROUGH, NULL_MODEL, SCORING, SCORING_BATCH_1, PER_RECORD, TEMPORAL,
      RCF);

  @Option(names = "--records", defaultValue = "200000", description = "Backlog records per topology (default: ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--partitions", defaultValue = "2", description = "Input topic partitions (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--batch-size", defaultValue = "256", description = "Batch size of the batched topologies (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--warmup", defaultValue = "100000", description = "Records each topology runs through unmeasured first, so the JIT has compiled it (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--rate", defaultValue = "1000", description = "Records/s offered while measuring latency, at most half a topology's throughput (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--latency-seconds", defaultValue = "5", description = "Length of the latency phase (default: ${DEFAULT-VALUE}).")
  double latencySeconds;

  @Option(names = "--blank", defaultValue = "0.1", description = "Fraction of fields blanked in the records (default: ${DEFAULT-VALUE}).")
  double blank;

  @Option(names = "--only", split = ",", description = "Run only these of: passthrough, null-model, scoring,"
      + " scoring-batch-1, per-record, temporal, rcf.")
  List<String> only;

  @Option(names = "--model", description = "Model bundle to serve (default: the demo's, trained if missing).")
  Path model;

  @Option(names = "--out", defaultValue = "${sys:elbostream.home:-.}/target/bench", description = "Working folder for state (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the blanking and of RCF (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--set", description = "A Kafka Streams or service setting for every topology, e.g. --set commit.interval.ms=200 (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--json", description = "Write the figures as JSON to this file.")
  Path json;

  @Option(names = "--runs", defaultValue = "3", description = "Times each topology is measured, one round of all after"
      + " another; each ratio is the median of its rounds' ratios (default: ${DEFAULT-VALUE}).")
  int runs;

  @Override
  public Integer call() throws Exception {
    if (records < 1 || partitions < 1 || batchSize < 2 || !(rate > 0) || !(latencySeconds > 0)
        || !(blank >= 0 && blank < 1) || runs < 1) {
      throw new IllegalArgumentException("need --records >= 1, --partitions >= 1, --batch-size >= 2,"
          + " --rate > 0, --latency-seconds > 0, --blank in [0, 1) and --runs >= 1");
    }
    List<String> variants = only == null ? VARIANTS : only;
    for (String v : variants) {
      if (!VARIANTS.contains(v)) {
        throw new IllegalArgumentException("--only: unknown topology '" + v + "'");
      }
    }
    if (model == null) {
      model = DemoModel.DIR;
      DemoModel.ensure(model, 40, seed, false);
    }
    ModelBundle bundle = BundleFormat.read(model);
    Table test = TableReader.read(DemoData.TEST, bundle.featureSpec());
    List<byte[]> values = encode(bundle, test);
    deleteRecursively(out.resolve("state"));

    List<Map<String, StreamBenchmark.Result>> rounds = new ArrayList<>();
    System.out.println("starting an embedded Kafka broker...");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(null)) {
      StreamBenchmark bench = new StreamBenchmark(kafka, values, partitions, Duration.ofMinutes(10), rate,
          latencySeconds);
      Map<String, StreamBenchmark.Starter> starters = new LinkedHashMap<>();
      for (String v : variants) {
        starters.put(v, starter(v, kafka, bundle));
      }
      for (int round = 1; round <= runs; round++) {
        Map<String, StreamBenchmark.Result> results = new LinkedHashMap<>();
        for (String v : variants) {
          // Each round's topics and state are its own: run names differ by round, and none begins another's.
          String run = runs == 1 ? v : v + "-round" + round;
          String output = v.equals(PASSTHROUGH) ? "-output" : "-imputed";
          if (warmup > 0 && round == 1) {
            bench.warmUp(v + "-warmup", v + "-warmup" + output, starters.get(v), warmup);
          }
          StreamBenchmark.Result r = bench.measure(run, run + output, starters.get(v));
          System.out.println(r.line());
          results.put(v, r);
        }
        rounds.add(results);
      }
    }
    report(rounds);
    return 0;
  }

  /**
   * How to start each topology. The scoring ones are the service itself; they are measured on its
   * imputed topic, the stream downstream consumers read: one record per input, the size of the
   * pass-through's output, committed in the same transaction as the scores.
   */
  private StreamBenchmark.Starter starter(String variant, EmbeddedKafka kafka, ModelBundle bundle) throws Exception {
    return switch (variant) {
      case PASSTHROUGH -> run -> passThrough(kafka, run, bundle);
      case SCORING -> run -> service(kafka, run, model, batchSize, null);
      case SCORING_BATCH_1 -> run -> service(kafka, run, model, 1, null);
      case NULL_MODEL -> run -> service(kafka, run, model, batchSize, new NullScorers());
      case PER_RECORD, TEMPORAL -> {
        Path dir = out.resolve("models").resolve(variant);
        int window = variant.equals(TEMPORAL) ? WINDOW : 0;
        DemoModel.ensure(dir, TrainingSettings.builder().epochs(40).seed(seed).set(TrainingSettings.WINDOW, window)
            .build(), false);
        System.out.printf("%s: %s; its past takes %,d bytes of state per key%n", variant,
            BundleFormat.read(dir).manifest().architecture().describe(),
            RecentRecords.bytesPerKey(window, bundle.featureSpec().featureCount()));
        yield run -> service(kafka, run, dir, batchSize, null);
      }
      default -> {
        System.out.println("rcf: training Random Cut Forest on the bundled training split...");
        RcfScorers forest = new RcfScorers(TableReader.read(DemoData.TRAIN, bundle.featureSpec()).rows(), seed, 0.1);
        yield run -> service(kafka, run, model, batchSize, forest);
      }
    };
  }

  /** The service on {@code bundle}, scoring with {@code scorers}, or null: as it scores by default (its settings'). */
  private StreamBenchmark.Topology service(EmbeddedKafka kafka, String run, Path bundle, int batch,
      ScorerFactory scorers) throws Exception {
    ServiceConfig config = config(kafka, run, Map.of(
        ServiceConfig.IMPUTED_TOPIC, run + "-imputed",
        ServiceConfig.SCORES_TOPIC, run + "-scores",
        ServiceConfig.ALERTS_TOPIC, run + "-alerts",
        ServiceConfig.INCIDENTS_TOPIC, run + "-incidents",
        ServiceConfig.DEAD_LETTER_TOPIC, run + "-dead-letters",
        ServiceConfig.MODEL_PATH, bundle.toString(),
        ServiceConfig.BATCH_SIZE, Integer.toString(batch)));
    ScoringService service = ScoringService.start(config, scorers == null ? ScorerFactory.networks(config) : scorers);
    return new StreamBenchmark.Topology() {
      @Override
      public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return service.awaitRunning(timeout);
      }

      @Override
      public void close() throws InterruptedException {
        service.close();
      }
    };
  }

  /** The pass-through runs with the service's own Kafka Streams settings (exactly-once and all). */
  private StreamBenchmark.Topology passThrough(EmbeddedKafka kafka, String run, ModelBundle bundle) {
    ServiceConfig config = config(kafka, run, Map.of());
    KafkaStreams streams = new KafkaStreams(PassThroughTopology.build(run + "-input", run + "-output",
        new Schema.Parser().parse(bundle.manifest().inputSchema())), config.streamsProperties());
    streams.start();
    return new StreamBenchmark.Topology() {
      @Override
      public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return ScoringService.awaitRunning(streams, timeout);
      }

      @Override
      public void close() {
        streams.close(Duration.ofSeconds(60));
      }
    };
  }

  private ServiceConfig config(EmbeddedKafka kafka, String run, Map<String, String> extra) {
    Map<String, String> props = new HashMap<>(overrides);
    props.putAll(extra);
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("application.id", "bench-" + run);
    props.put("state.dir", out.resolve("state").resolve(run).toString());
    props.put(ServiceConfig.INPUT_TOPIC, run + "-input");
    props.put(ServiceConfig.MODELS_TOPIC, "bench-models");
    props.put(ServiceConfig.METRICS_PORT, "-1");
    return new ServiceConfig(props);
  }

  /** The test split, cycled to --records, blanked and encoded once: every topology reads these bytes. */
  private List<byte[]> encode(ModelBundle bundle, Table test) {
    ReplayEncoder encoder = new ReplayEncoder(bundle, blank, seed);
    List<byte[]> values = new ArrayList<>(records);
    boolean[] blanked = new boolean[bundle.featureSpec().featureCount()];
    for (int i = 0; i < records; i++) {
      values.add(encoder.encode(test.rows().get(i % test.size()), blanked));
    }
    return values;
  }

  private void report(List<Map<String, StreamBenchmark.Result>> rounds) throws Exception {
    System.out.println();
    System.out.println("thread µs: the stream threads' CPU per record; rest µs: the rest of the process (broker,"
        + " producer, reader); B out: every topic the topology wrote, changelogs included, per input record");
    System.out.printf("%-16s %10s %10s %10s %8s %8s %8s %7s %7s %7s%n", "topology", "records/s", "p50 ms", "p99 ms",
        "cores", "thread µs", "rest µs", "B in", "B out", "B log");
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("records", records);
    settings.put("warmup_records", warmup);
    settings.put("runs", runs);
    settings.put("overrides", overrides);
    settings.put("partitions", partitions);
    settings.put("batch_size", batchSize);
    settings.put("blank", blank);
    settings.put("processing_guarantee", overrides.getOrDefault("processing.guarantee", "exactly_once_v2"));
    settings.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("settings", settings);
    for (String v : rounds.get(0).keySet()) {
      List<Map<String, Object>> perRound = new ArrayList<>();
      for (Map<String, StreamBenchmark.Result> results : rounds) {
        StreamBenchmark.Result r = results.get(v);
        System.out.println(r.line());
        System.out.println(r.bytesLine());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("records_per_s", r.recordsPerSecond());
        figures.put("seconds", r.seconds());
        figures.put("process_cpu_cores", r.processCpuCores());
        figures.put("stream_thread_cpu_cores", r.streamThreadCpuCores());
        figures.put("stream_thread_us_per_record", r.streamThreadMicrosPerRecord());
        figures.put("rest_of_process_us_per_record", r.restMicrosPerRecord());
        figures.put("bytes_in_per_record", r.bytesInPerRecord());
        figures.put("bytes_out_per_record", r.bytesOutPerRecord());
        figures.put("changelog_bytes_per_record", r.changelogBytesPerRecord());
        figures.put("bytes_out_per_record_by_topic", r.bytesOutPerRecordByTopic());
        figures.put("latency_offered_records_per_s", r.offeredRate());
        figures.put("latency_samples", r.latencySamples());
        figures.put("latency_p50_ms", r.latencyP50Ms());
        figures.put("latency_p99_ms", r.latencyP99Ms());
        perRound.add(figures);
      }
      out.put(v, rounds.size() == 1 ? perRound.get(0) : perRound);
    }
    ratio(out, rounds, "free_model_thread_cost_vs_passthrough", NULL_MODEL, PASSTHROUGH,
        StreamBenchmark.Result::streamThreadMicrosPerRecord, -1.5);
    // "scoring" in the bars' names is the per-record model bench trains, at the default batch.
    ratio(out, rounds, "scoring_thread_cost_vs_passthrough", PER_RECORD, PASSTHROUGH,
        StreamBenchmark.Result::streamThreadMicrosPerRecord, -4);
    ratio(out, rounds, "scoring_vs_rcf", PER_RECORD, RCF, StreamBenchmark.Result::recordsPerSecond, 6);
    ratio(out, rounds, "bytes_vs_passthrough", PER_RECORD, PASSTHROUGH, StreamBenchmark.Result::bytesOutPerRecord, -2);
    ratio(out, rounds, "scoring_vs_passthrough", SCORING, PASSTHROUGH, StreamBenchmark.Result::recordsPerSecond,
        Double.NaN);
    ratio(out, rounds, "scoring_vs_batch_1", SCORING, SCORING_BATCH_1, StreamBenchmark.Result::recordsPerSecond,
        Double.NaN);
    ratio(out, rounds, "null_model_vs_passthrough", NULL_MODEL, PASSTHROUGH, StreamBenchmark.Result::recordsPerSecond,
        Double.NaN);
    ratio(out, rounds, "temporal_vs_per_record", TEMPORAL, PER_RECORD, StreamBenchmark.Result::recordsPerSecond,
        Double.NaN);
    ratio(out, rounds, "temporal_vs_rcf", TEMPORAL, RCF, StreamBenchmark.Result::recordsPerSecond, Double.NaN);
    if (json != null) {
      Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(out));
      System.out.println("wrote " + json);
    }
  }

  /**
   * The median over the rounds of one figure's ratio between two topologies. A positive bar is a
   * floor (higher is better), a negative one a ceiling of its absolute value (lower is better).
   */
  private static void ratio(Map<String, Object> out, List<Map<String, StreamBenchmark.Result>> rounds, String key,
      String of, String to, java.util.function.ToDoubleFunction<StreamBenchmark.Result> figure, double bar) {
    if (!rounds.get(0).containsKey(of) || !rounds.get(0).containsKey(to)) {
      return;
    }
    double[] each = rounds.stream().mapToDouble(r -> figure.applyAsDouble(r.get(of)) / figure.applyAsDouble(r.get(to)))
        .sorted().toArray();
    double median = each.length % 2 == 1 ? each[each.length / 2]
        : (each[each.length / 2 - 1] + each[each.length / 2]) / 2;
    out.put(key, median);
    String verdict = "";
    if (!Double.isNaN(bar)) {
      boolean met = bar > 0 ? median >= bar : median <= -bar;
      verdict = String.format(Locale.ROOT, " (%s %s %.1fx)", met ? "meets the bar:" : "MISSES the bar:",
          bar > 0 ? "at least" : "at most", Math.abs(bar));
    }
    StringBuilder all = new StringBuilder();
    for (double e : each) {
      all.append(all.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", e));
    }
    System.out.printf(Locale.ROOT, "%s: %.2fx%s%s%n", key, median, verdict,
        each.length > 1 ? " (rounds: " + all + ")" : "");
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
