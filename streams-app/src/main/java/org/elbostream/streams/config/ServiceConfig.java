package org.elbostream.streams.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.elbostream.model.imputation.ImputationOptions;
import org.elbostream.model.incident.IncidentRules;
import org.elbostream.model.scoring.Screening;
import org.elbostream.model.threshold.ThresholdPolicy;
import org.elbostream.streams.metrics.MetricsServer;

/**
 * The service's configuration: one properties file (Kafka Streams' own keys pass through untouched)
 * plus environment overrides for Kubernetes. Every key of the service itself is declared once, in
 * {@link #DEFINITION}, with its type, default, validator and doc; the table in docs/service.md
 * is checked against it.
 *
 * <p>The service's keys all start with {@code elbostream.}: Kafka Streams hands unknown keys on to
 * its producer and consumer, and a bare {@code batch.size} would silently resize the producer's
 * batches.
 */
public final class ServiceConfig extends AbstractConfig {
  public static final String PREFIX = "elbostream.";
  public static final String INPUT_TOPIC = PREFIX + "input.topic";
  public static final String IMPUTED_TOPIC = PREFIX + "imputed.topic";
  public static final String SCORES_TOPIC = PREFIX + "scores.topic";
  public static final String ALERTS_TOPIC = PREFIX + "alerts.topic";
  public static final String DEAD_LETTER_TOPIC = PREFIX + "dead.letter.topic";
  public static final String MODELS_TOPIC = PREFIX + "models.topic";
  public static final String MODEL_PATH = PREFIX + "model.path";
  public static final String SCHEMAS_DIR = PREFIX + "schemas.dir";
  public static final String BATCH_SIZE = PREFIX + "batch.size";
  public static final String BATCH_LINGER_MS = PREFIX + "batch.linger.ms";
  public static final String ALERT_TOP_FIELDS = PREFIX + "alert.top.fields";
  public static final String SCORES_CONTRIBUTIONS = PREFIX + "scores.contributions";
  public static final String METRICS_PORT = PREFIX + "metrics.port";
  public static final String METRICS_TLS_KEYSTORE = PREFIX + "metrics.tls.keystore.location";
  public static final String METRICS_TLS_KEYSTORE_PASSWORD = PREFIX + "metrics.tls.keystore.password";
  public static final String METRICS_USER = PREFIX + "metrics.basic.auth.user";
  public static final String METRICS_PASSWORD = PREFIX + "metrics.basic.auth.password";
  public static final String TOPICS_CREATE = PREFIX + "topics.create";
  public static final String MODEL_WAIT_MS = PREFIX + "model.wait.ms";
  public static final String IMPUTER = PREFIX + "imputer";
  public static final String SCREEN_SAMPLES = PREFIX + "scoring.screen.samples";
  public static final String SCREEN_MARGIN = PREFIX + "scoring.screen.margin";
  public static final String IMPUTER_BURN_IN = PREFIX + "imputer.burn.in";
  public static final String IMPUTER_DRAWS = PREFIX + "imputer.draws";
  public static final String IMPUTER_IMPORTANCE_SAMPLES = PREFIX + "imputer.importance.samples";
  public static final String INCIDENTS_TOPIC = PREFIX + "incidents.topic";
  public static final String THRESHOLD_MODE = PREFIX + "threshold.mode";
  public static final String THRESHOLD_SCOPE = PREFIX + "threshold.scope";
  public static final String THRESHOLD_RISK = PREFIX + "threshold.risk";
  public static final String THRESHOLD_DEPTH = PREFIX + "threshold.dspot.depth";
  public static final String THRESHOLD_PEAKS = PREFIX + "threshold.max.peaks";
  public static final String INCIDENT_OPEN_K = PREFIX + "incident.open.k";
  public static final String INCIDENT_OPEN_N = PREFIX + "incident.open.n";
  public static final String INCIDENT_QUIET_RECORDS = PREFIX + "incident.quiet.records";
  public static final String INCIDENT_QUIET_MS = PREFIX + "incident.quiet.ms";
  public static final String INCIDENT_SILENCE_MS = PREFIX + "incident.silence.ms";
  public static final String INCIDENT_UPDATE_MS = PREFIX + "incident.update.interval.ms";
  /** The imputer that costs nothing: the posterior predictive read off the scoring samples. */
  public static final String POSTERIOR_PREDICTIVE = "posterior-predictive";

  /** Environment variables with this prefix set service keys: ELBOSTREAM_BATCH_SIZE=64. */
  public static final String ENV_PREFIX = "ELBOSTREAM_";
  /** Environment variables with this prefix set Kafka keys: KAFKA_BOOTSTRAP_SERVERS=host:9092. */
  public static final String KAFKA_ENV_PREFIX = "KAFKA_";

  public static final ConfigDef DEFINITION = new ConfigDef()
      .define(INPUT_TOPIC, Type.STRING, "sensor-readings", new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Topic of Avro input records (single-object encoding).")
      .define(IMPUTED_TOPIC, Type.STRING, "sensor-readings-imputed", new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Where each input record goes in its own schema with missing fields filled.")
      .define(SCORES_TOPIC, Type.STRING, "elbostream-scores", new ConfigDef.NonEmptyString(), Importance.HIGH,
          "One AnomalyScore per scored record.")
      .define(ALERTS_TOPIC, Type.STRING, "elbostream-alerts", new ConfigDef.NonEmptyString(), Importance.HIGH,
          "One AnomalyAlert per record over the threshold.")
      .define(DEAD_LETTER_TOPIC, Type.STRING, "elbostream-dead-letters", new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Records that could not be scored, unchanged, with the error and their origin in headers.")
      .define(INCIDENTS_TOPIC, Type.STRING, "elbostream-incidents", new ConfigDef.NonEmptyString(), Importance.HIGH,
          "AnomalyIncident events, keyed by the entity key: OPENED, UPDATED (a higher peak, rate-limited) and"
              + " RESOLVED. What on-call pages on.")
      .define(MODELS_TOPIC, Type.STRING, "elbostream-models", new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Compacted topic of model bundle archives; the newest valid one serves (see `publish`).")
      .define(MODEL_PATH, Type.STRING, "", Importance.HIGH,
          "Model bundle directory to start with. Empty: wait for a bundle on the models topic.")
      .define(SCHEMAS_DIR, Type.STRING, "", Importance.MEDIUM,
          "Folder of further .avsc writer schemas (older versions producers still use); the model's own"
              + " input schema is always known.")
      .define(BATCH_SIZE, Type.INT, 256, Range.between(1, 65_536), Importance.HIGH,
          "Records scored per network call. 1 scores each record inline with no state store.")
      .define(BATCH_LINGER_MS, Type.LONG, 50L, Range.between(1L, 60_000L), Importance.MEDIUM,
          "Longest wait, in wall-clock ms, before a partial batch is scored.")
      .define(ALERT_TOP_FIELDS, Type.INT, 3, Range.between(1, 1_000), Importance.LOW,
          "How many of the most contributing fields an alert lists.")
      .define(SCORES_CONTRIBUTIONS, Type.STRING, "all", (name, value) -> {
        try {
          Contributions.parse(String.valueOf(value));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(name, value, e.getMessage());
        }
      }, Importance.LOW, "Which fields' contributions each score record carries: all (one float per field, in the"
          + " model's field order), top:K (the K largest, with their positions) or none. Alerts and incidents name"
          + " their top fields either way.")
      .define(SCREEN_SAMPLES, Type.INT, Screening.defaults().samples(), (name, value) -> {
        int n = value == null ? 0 : (Integer) value;
        if (n < 0 || n == 1) {
          throw new ConfigException(name, value, "0 (every record scored with the model's full sample count) or at"
              + " least 2 (their spread is the margin's unit)");
        }
      }, Importance.MEDIUM, "z samples every record is first scored with; only a record that estimate does not"
          + " place clearly below where its score matters (its threshold, or lower, where a streaming threshold"
          + " starts learning from peaks) is scored again with the model's full count, and gets the score the full"
          + " count gives it. 0: every record gets the full count. The score record's samples field says which a"
          + " record got; elbostream_screened_out_records_total counts the others.")
      .define(SCREEN_MARGIN, Type.DOUBLE, Screening.defaults().margin(), Range.between(0.0, 1000.0), Importance.LOW,
          "How far below that level a record's first estimate must be, in that estimate's standard errors (from"
              + " its samples' spread), to keep it.")
      .define(METRICS_PORT, Type.INT, 9400, Range.between(-1, 65_535), Importance.MEDIUM,
          "Port of /metrics, /ready and /live; 0 picks a free port, -1 turns the endpoint off.")
      .define(METRICS_TLS_KEYSTORE, Type.STRING, "", Importance.LOW,
          "PKCS12 keystore with the certificate and key the metrics endpoint serves HTTPS with; empty: plain HTTP.")
      .define(METRICS_TLS_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW,
          "Password of that keystore (e.g. ${dir:/etc/elbostream/secrets:metrics-keystore-password}).")
      .define(METRICS_USER, Type.STRING, "", Importance.LOW,
          "User that /metrics asks for with HTTP basic authentication; empty: none. /ready and /live stay open for"
              + " the kubelet's probes.")
      .define(METRICS_PASSWORD, Type.PASSWORD, null, Importance.LOW,
          "That user's password.")
      .define(TOPICS_CREATE, Type.BOOLEAN, true, Importance.LOW,
          "Create missing output, dead-letter and models topics at start-up (output topics get the"
              + " input topic's partition count).")
      .define(MODEL_WAIT_MS, Type.LONG, 60_000L, Range.atLeast(0L), Importance.LOW,
          "How long start-up waits for a model on the models topic when model.path is empty.")
      .define(IMPUTER, Type.STRING, POSTERIOR_PREDICTIVE, ConfigDef.ValidString.in(POSTERIOR_PREDICTIVE,
          "pseudo-gibbs", "metropolis-within-gibbs", "importance-resampling"), Importance.MEDIUM,
          "How missing fields are filled. posterior-predictive reads them off the scoring samples at no"
              + " extra cost; for exact conditionals and 90 % intervals the chains cost 30 to 80 times as much per"
              + " record and importance-resampling, with its 1,000 samples, about 300 times (elbostream bench-impute);"
              + " importance-resampling costs about the same batched or not."
              + " The samplers need Gaussian latents: a sigmoid belief network always uses posterior-predictive.")
      .define(IMPUTER_BURN_IN, Type.INT, ImputationOptions.defaults().burnIn(), Range.atLeast(0), Importance.LOW,
          "Chain steps a chain sampler discards before keeping draws.")
      .define(IMPUTER_DRAWS, Type.INT, ImputationOptions.defaults().draws(), Range.atLeast(2), Importance.LOW,
          "Chain steps a chain sampler keeps.")
      .define(IMPUTER_IMPORTANCE_SAMPLES, Type.INT, ImputationOptions.defaults().importanceSamples(), Range.atLeast(2),
          Importance.LOW, "Proposals from the recognition network per record that importance-resampling weighs.")
      .define(THRESHOLD_MODE, Type.STRING, ThresholdPolicy.defaults().mode().name().toLowerCase(Locale.ROOT),
          ConfigDef.ValidString.in("static", "spot", "dspot"), Importance.HIGH,
          "How the threshold follows the stream. static: as calibrated at training. spot: peaks over threshold"
              + " (Siffer et al. 2017) started from the bundle's calibration scores and refitted on the stream's"
              + " non-alarm scores. dspot: the same on each score minus the mean of the recent non-alarm scores,"
              + " so a drifting level moves it. A bundle without calibration scores stays static.")
      .define(THRESHOLD_SCOPE, Type.STRING, "model", ConfigDef.ValidString.in("model", "key"), Importance.MEDIUM,
          "One streaming threshold per model and stream task (partition), or one per entity key. Either is kept"
              + " in a changelogged store.")
      .define(THRESHOLD_RISK, Type.DOUBLE, ThresholdPolicy.defaults().risk(), Range.between(0.0, 0.02),
          Importance.MEDIUM, "Probability of a normal score above a streaming threshold; 0: the bundle's"
              + " calibrated risk. The default is looser than a bundle's because incidents open on two crossings"
              + " in a row.")
      .define(THRESHOLD_DEPTH, Type.INT, ThresholdPolicy.defaults().depth(), Range.between(1, 100_000),
          Importance.LOW, "How many recent non-alarm scores make dspot's local level. A bundle keeping fewer"
              + " calibration scores than this plus 20 runs spot instead.")
      .define(THRESHOLD_PEAKS, Type.INT, ThresholdPolicy.defaults().maxPeaks(), Range.between(3, 100_000),
          Importance.LOW, "The latest peaks a streaming threshold fits its tail to; its state is about 9 bytes each.")
      .define(INCIDENT_OPEN_K, Type.INT, IncidentRules.defaults().k(), Range.atLeast(1), Importance.MEDIUM,
          "An incident opens when this many of a key's last incident.open.n records cross the threshold.")
      .define(INCIDENT_OPEN_N, Type.INT, IncidentRules.defaults().n(), Range.between(1, 10_000), Importance.MEDIUM,
          "See incident.open.k.")
      .define(INCIDENT_QUIET_RECORDS, Type.INT, IncidentRules.defaults().quietRecords(), Range.atLeast(1),
          Importance.MEDIUM, "An open incident resolves after this many of its key's typical intervals between"
              + " records pass in event time with no crossing.")
      .define(INCIDENT_QUIET_MS, Type.LONG, 0L, Range.atLeast(0L), Importance.LOW,
          "The quiet period as a duration in event time instead; 0: from incident.quiet.records.")
      .define(INCIDENT_SILENCE_MS, Type.LONG, 600_000L, Range.atLeast(1L), Importance.MEDIUM,
          "An open incident whose key sends nothing for this long in wall-clock time resolves, with reason"
              + " SILENT.")
      .define(INCIDENT_UPDATE_MS, Type.LONG, 300_000L, Range.atLeast(0L), Importance.LOW,
          "Shortest event time between two UPDATED events of one incident; a higher peak inside it waits.");

  /** Kafka Streams settings the service chooses unless the file says otherwise. */
  private static final Map<String, Object> STREAMS_DEFAULTS = Map.of(
      StreamsConfig.APPLICATION_ID_CONFIG, "elbostream",
      StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
      StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName(),
      StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName(),
      // Kafka 5.0's default, chosen now so the upgrade changes nothing (and Streams stops warning).
      "processing.exception.handler.global.enabled", "true",
      // Each input record leaves as two or three output records: the producer's 16 KB default
      // batches mean many small requests (elbostream bench: the Avro pass-through went from 67k to
      // 96k records/s with 256 KB batches).
      StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "262144");

  private final Properties streams;

  public ServiceConfig(Map<String, ?> props) {
    super(DEFINITION, props, false);
    streams = new Properties();
    streams.putAll(STREAMS_DEFAULTS);
    props.forEach((k, v) -> {
      if (!k.startsWith(PREFIX)) {
        streams.put(k, v instanceof Password p ? p.value() : String.valueOf(v));
      }
    });
    if (!streams.containsKey(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new ConfigException(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG + " is not set (file or KAFKA_BOOTSTRAP_SERVERS)");
    }
    if (!getString(METRICS_TLS_KEYSTORE).isEmpty() && getPassword(METRICS_TLS_KEYSTORE_PASSWORD) == null) {
      throw new ConfigException(METRICS_TLS_KEYSTORE_PASSWORD + " is not set, but " + METRICS_TLS_KEYSTORE + " is");
    }
    if (!getString(METRICS_USER).isEmpty() && getPassword(METRICS_PASSWORD) == null) {
      throw new ConfigException(METRICS_PASSWORD + " is not set, but " + METRICS_USER + " is");
    }
    String guarantee = streams.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
    if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee) && !StreamsConfig.AT_LEAST_ONCE.equals(guarantee)) {
      throw new ConfigException(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee, "must be exactly_once_v2 or at_least_once");
    }
  }

  /** Reads {@code file}, then applies {@code env} overrides (pass {@code System.getenv()}). */
  public static ServiceConfig load(Path file, Map<String, String> env) throws IOException {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      props.load(in);
    }
    Map<String, Object> merged = new HashMap<>();
    props.forEach((k, v) -> merged.put((String) k, ((String) v).trim()));
    merged.putAll(environmentOverrides(env));
    try {
      return new ServiceConfig(merged);
    } catch (ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage());
    }
  }

  /**
   * Keys set by environment variables: ELBOSTREAM_X_Y for {@code elbostream.x.y} and KAFKA_X_Y for
   * {@code x.y}. An unknown ELBOSTREAM_ variable is an error, not a silent no-op.
   */
  public static Map<String, String> environmentOverrides(Map<String, String> env) {
    Map<String, String> out = new HashMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX)) {
        String key = PREFIX + keyOf(name.substring(ENV_PREFIX.length()));
        if (!DEFINITION.names().contains(key)) {
          throw new ConfigException("environment variable " + name + " names no setting (" + key + ")");
        }
        out.put(key, value);
      } else if (name.startsWith(KAFKA_ENV_PREFIX)) {
        out.put(keyOf(name.substring(KAFKA_ENV_PREFIX.length())), value);
      }
    });
    return out;
  }

  private static String keyOf(String envSuffix) {
    return envSuffix.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** What Kafka Streams is given: every key but the service's own, over the service's defaults. */
  public Properties streamsProperties() {
    Properties copy = new Properties();
    copy.putAll(streams);
    return copy;
  }

  /** Kafka client settings (bootstrap, security) for the admin, publisher and model watcher. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> out = new HashMap<>();
    Set<String> adminKeys = AdminClientConfig.configNames();
    streams.forEach((k, v) -> {
      String key = (String) k;
      // config.providers*: a ${dir:...} in sasl.jaas.config is resolved by the client that reads it.
      if (adminKeys.contains(key) || key.startsWith("ssl.") || key.startsWith("sasl.") || key.startsWith("config.providers")) {
        out.put(key, v);
      }
    });
    return out;
  }

  /** How the metrics endpoint protects itself: TLS and basic authentication, each optional. */
  public MetricsServer.Security metricsSecurity() {
    Password keystore = getPassword(METRICS_TLS_KEYSTORE_PASSWORD);
    Password password = getPassword(METRICS_PASSWORD);
    return new MetricsServer.Security(getString(METRICS_TLS_KEYSTORE),
        keystore == null ? null : keystore.value().toCharArray(), getString(METRICS_USER),
        password == null ? null : password.value());
  }

  public String applicationId() {
    return streams.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
  }

  /** How records are screened before the full sample count is spent on them. */
  public Screening screening() {
    return new Screening(getInt(SCREEN_SAMPLES), getDouble(SCREEN_MARGIN));
  }

  /** How the threshold follows the stream. */
  public ThresholdPolicy thresholdPolicy() {
    ThresholdPolicy d = ThresholdPolicy.defaults();
    double risk = getDouble(THRESHOLD_RISK);
    return new ThresholdPolicy(ThresholdPolicy.Mode.valueOf(getString(THRESHOLD_MODE).toUpperCase(Locale.ROOT)),
        risk == 0 ? Double.NaN : risk, d.initialQuantile(), getInt(THRESHOLD_DEPTH), getInt(THRESHOLD_PEAKS),
        d.refitEvery());
  }

  /** Which contributions a score record carries. */
  public Contributions contributions() {
    return Contributions.parse(getString(SCORES_CONTRIBUTIONS));
  }

  /** When a key's scores make an incident. */
  public IncidentRules incidentRules() {
    try {
      return new IncidentRules(getInt(INCIDENT_OPEN_K), getInt(INCIDENT_OPEN_N), getInt(INCIDENT_QUIET_RECORDS),
          getLong(INCIDENT_QUIET_MS));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(INCIDENT_OPEN_K + ", " + INCIDENT_OPEN_N + ": " + e.getMessage());
    }
  }

  /** The few settings that say what this instance is, in one line; {@link #describe} has them all. */
  public String summary() {
    return String.format("application %s on %s, reading %s, model %s", streams.get("application.id"),
        streams.get("bootstrap.servers"), getString(INPUT_TOPIC),
        getString(MODEL_PATH).isEmpty() ? "from " + getString(MODELS_TOPIC) : getString(MODEL_PATH));
  }

  /** Every setting with secrets masked, for the start-up log line. */
  public Map<String, String> describe() {
    Map<String, String> out = new TreeMap<>();
    streams.forEach((k, v) -> out.put((String) k, isSecret((String) k) ? "[hidden]" : String.valueOf(v)));
    for (String key : DEFINITION.names()) {
      out.put(key, String.valueOf(values().get(key)));
    }
    return out;
  }

  private static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.endsWith(".key");
  }

  /** The table of service settings in docs/service.md, from the declaration. */
  public static String markdownTable() {
    StringBuilder out = new StringBuilder("| key | type | default | meaning |\n|---|---|---|---|\n");
    for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
      Object def = key.defaultValue;
      out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase(Locale.ROOT))
          .append(" | ").append(def == null || "".equals(def) ? "" : "`" + def + "`")
          .append(" | ").append(key.documentation).append(" |\n");
    }
    return out.toString();
  }
}
