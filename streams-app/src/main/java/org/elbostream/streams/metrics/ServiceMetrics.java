package org.elbostream.streams.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Instant;
import org.elbostream.streams.serde.DeadLetterReason;

/**
 * The service's own Prometheus metrics, registered in one registry that the metrics endpoint
 * serves. Thread-safe: every stream thread records into the same instance.
 */
public final class ServiceMetrics {
  /** A model bundle refused: it failed verification (schema, hash, smoke score). */
  public static final String REJECTED_INVALID = "invalid";
  /** A models-topic record that is not a bundle archive at all. */
  public static final String REJECTED_UNREADABLE = "unreadable";

  private final PrometheusRegistry registry;
  private final Counter recordsIn;
  private final Counter recordsOut;
  private final Counter anomalies;
  private final Counter deadLetters;
  private final Counter imputedFields;
  private final Histogram score;
  private final Histogram scoreStd;
  private final Histogram batchSize;
  private final Histogram scoringSeconds;
  private final Histogram endToEndSeconds;
  private final Info modelInfo;
  private final Gauge modelCreated;
  private final Counter rebalances;
  private final Gauge threshold;
  private final Counter modelSwaps;
  private final Counter modelRejections;
  private final Counter threadReplacements;
  private final Counter outOfOrder;
  private final Counter screenedOut;
  private final Gauge streamingThreshold;
  private final Gauge openIncidents;
  private final Counter incidentsOpened;
  private final Counter incidentsResolved;

  public ServiceMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    recordsIn = Counter.builder().name("elbostream_records_in_total").help("Records read, by topic")
        .labelNames("topic").register(registry);
    recordsOut = Counter.builder().name("elbostream_records_out_total").help("Records written, by topic")
        .labelNames("topic").register(registry);
    anomalies = Counter.builder().name("elbostream_anomalies_total").help("Records scored over the threshold")
        .register(registry);
    deadLetters = Counter.builder().name("elbostream_dead_letters_total")
        .help("Records sent to the dead-letter topic, by reason").labelNames("reason").register(registry);
    for (DeadLetterReason r : DeadLetterReason.values()) {
      deadLetters.initLabelValues(r.label());
    }
    imputedFields = Counter.builder().name("elbostream_imputed_fields_total").help("Missing fields filled in, by field")
        .labelNames("field").register(registry);
    score = Histogram.builder().name("elbostream_score_nats").help("Anomaly scores (negative ELBO, nats)")
        .classicUpperBounds(-50, -20, -10, 0, 10, 20, 50, 100, 200, 500, 1000, 1e4).register(registry);
    scoreStd = Histogram.builder().name("elbostream_score_std_nats")
        .help("A Bayesian model's uncertainty about each score: its spread over the weight samples (nats);"
            + " a rise says the records have moved where the model has little evidence")
        .classicUpperBounds(0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100).register(registry);
    batchSize = Histogram.builder().name("elbostream_batch_size").help("Records per network call")
        .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096).register(registry);
    scoringSeconds = Histogram.builder().name("elbostream_scoring_seconds").help("Time of one batch's network call")
        .unit(Unit.SECONDS).classicUpperBounds(1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1).register(registry);
    endToEndSeconds = Histogram.builder().name("elbostream_end_to_end_latency_seconds")
        .help("Output time minus the input record's timestamp").unit(Unit.SECONDS)
        .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60).register(registry);
    modelInfo = Info.builder().name("elbostream_model").help("The model version now serving")
        .labelNames("version", "loaded_at").register(registry);
    threshold = Gauge.builder().name("elbostream_model_threshold_nats").help("Anomaly threshold of the serving model")
        .register(registry);
    modelCreated = Gauge.builder().name("elbostream_model_created_timestamp_seconds")
        .help("When the serving model was trained (Unix seconds): time() minus this is its age").register(registry);
    GaugeWithCallback.builder().name("elbostream_ndarrays_open")
        .help("Native (PyTorch) arrays alive in the process: flat while records flow, or native memory leaks")
        .callback(cb -> cb.call(NativeArrays.open())).register(registry);
    outOfOrder = Counter.builder().name("elbostream_out_of_order_records_total")
        .help("Records whose event time is earlier than their key's newest: a model with a window read them"
            + " against the past as it stood").register(registry);
    screenedOut = Counter.builder().name("elbostream_screened_out_records_total")
        .help("Records the screen's first, few-sample estimate placed clearly below their threshold, so they were"
            + " not scored again with the model's full count (elbostream.scoring.screen.samples)").register(registry);
    rebalances = Counter.builder().name("elbostream_rebalances_total")
        .help("Times Kafka Streams entered REBALANCING (start-up, scaling, a member lost or back)").register(registry);
    modelSwaps = Counter.builder().name("elbostream_model_swaps_total").help("Models taken into service")
        .register(registry);
    modelRejections = Counter.builder().name("elbostream_model_rejections_total")
        .help("Model bundles refused (corrupt, incompatible schema, failed smoke score)").labelNames("reason")
        .register(registry);
    // Declared reasons start at 0, so a rule or panel on them has a series before the first refusal.
    modelRejections.initLabelValues(REJECTED_INVALID);
    modelRejections.initLabelValues(REJECTED_UNREADABLE);
    streamingThreshold = Gauge.builder().name("elbostream_threshold_nats")
        .help("The threshold the latest score was judged by, by model version: it moves with a streaming"
            + " threshold (with one per key, the latest key's)").labelNames("model_version").register(registry);
    openIncidents = Gauge.builder().name("elbostream_incidents_open")
        .help("Incidents open now in this instance's tasks").register(registry);
    incidentsOpened = Counter.builder().name("elbostream_incidents_opened_total")
        .help("Incidents opened, by model version").labelNames("model_version").register(registry);
    incidentsResolved = Counter.builder().name("elbostream_incidents_resolved_total")
        .help("Incidents resolved, by model version and reason (quiet, silent)").labelNames("model_version", "reason")
        .register(registry);
    threadReplacements = Counter.builder().name("elbostream_stream_thread_replacements_total")
        .help("Stream threads that died of an unexpected error and were replaced (the batch is retried)")
        .register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public void recordIn(String topic) {
    recordsIn.labelValues(topic).inc();
  }

  public void recordOut(String topic) {
    recordsOut.labelValues(topic).inc();
  }

  public void deadLetter(DeadLetterReason reason) {
    deadLetters.labelValues(reason.label()).inc();
  }

  public void imputed(String field) {
    imputedFields.labelValues(field).inc();
  }

  /**
   * @param spread the score's standard deviation over a Bayesian model's weight samples; NaN for others
   * @param screenedOut the score rests on the screen's samples alone, fewer than the model's count
   */
  public void scored(double nats, double spread, boolean anomalous, boolean screenedOut) {
    if (screenedOut) {
      this.screenedOut.inc();
    }
    if (Double.isFinite(nats)) {
      score.observe(nats);
    }
    if (Double.isFinite(spread)) {
      scoreStd.observe(spread);
    }
    if (anomalous) {
      anomalies.inc();
    }
  }

  public void batch(int size, double seconds) {
    batchSize.observe(size);
    scoringSeconds.observe(seconds);
  }

  public void endToEnd(double seconds) {
    endToEndSeconds.observe(Math.max(0, seconds));
  }

  /**
   * Marks {@code version} as the one serving.
   *
   * @param createdAt when the model was trained (its manifest's creation time), for an alert on a
   *     model older than N days
   */
  public void modelServing(String version, double thresholdNats, Instant createdAt) {
    modelInfo.setLabelValues(version, Long.toString(System.currentTimeMillis() / 1000));
    threshold.set(thresholdNats);
    modelCreated.set(createdAt.getEpochSecond());
    modelSwaps.inc();
  }

  public void modelRejected(String reason) {
    modelRejections.labelValues(reason).inc();
  }

  /** Kafka Streams entered REBALANCING (start-up included). */
  public void rebalanced() {
    rebalances.inc();
  }

  public void streamThreadReplaced() {
    threadReplacements.inc();
  }

  /** Counter values for the demo's live line and tests. */
  public double anomalies() {
    return anomalies.get();
  }

  public double deadLetters() {
    double sum = 0;
    for (DeadLetterReason r : DeadLetterReason.values()) {
      sum += deadLetters.labelValues(r.label()).get();
    }
    return sum;
  }

  public double imputedTotal() {
    return imputedFields.collect().getDataPoints().stream().mapToDouble(d -> d.getValue()).sum();
  }

  public double streamThreadReplacements() {
    return threadReplacements.get();
  }

  public double modelRejections() {
    return modelRejections.collect().getDataPoints().stream().mapToDouble(d -> d.getValue()).sum();
  }

  /** The threshold the latest score of {@code version} was judged by. */
  public void threshold(String version, double nats) {
    streamingThreshold.labelValues(version).set(nats);
  }

  /**
   * A model version starts scoring: its incident counters read 0 rather than being absent, so the
   * alert rules' rates over them hold from the first scrape.
   */
  public void scoringWith(String version) {
    incidentsOpened.initLabelValues(version);
    incidentsResolved.initLabelValues(version, "quiet");
    incidentsResolved.initLabelValues(version, "silent");
  }

  /** An incident opened. */
  public void incidentOpened(String version) {
    incidentsOpened.labelValues(version).inc();
    openIncidents.inc();
  }

  public void incidentResolved(String version, String reason) {
    incidentsResolved.labelValues(version, reason).inc();
    openIncidents.dec();
  }

  /** Open incidents that arrived with a task (+) or left with it (-). */
  public void incidentsMoved(int open) {
    openIncidents.inc(open);
  }

  public double incidentsOpen() {
    return openIncidents.get();
  }

  /** Records of a batch whose event time went backwards against their key's newest. */
  public void outOfOrder(int records) {
    if (records > 0) {
      outOfOrder.inc(records);
    }
  }
}
