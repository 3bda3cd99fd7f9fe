package org.elbostream.streams;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.streams.config.ServiceConfig;
import org.elbostream.streams.metrics.KafkaStreamsCollector;
import org.elbostream.streams.metrics.MetricsServer;
import org.elbostream.streams.metrics.ServiceMetrics;
import org.elbostream.streams.reload.ModelHolder;
import org.elbostream.streams.reload.ModelsTopic;
import org.elbostream.streams.scoring.ScorerFactory;
import org.elbostream.streams.serde.WriterSchemas;
import org.elbostream.streams.topology.ScoringTopology;
import org.elbostream.streams.topology.TopologySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of the service: loads the starting model, follows the models topic, runs
 * the scoring topology in Kafka Streams and serves metrics and health. Start with {@link #start},
 * stop with {@link #close}.
 */
public final class ScoringService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringService.class);
  private final KafkaStreams streams;
  private final ModelsTopic.Watcher watcher;
  private final MetricsServer server;
  private final ServiceMetrics metrics;
  private final ModelHolder models;

  private ScoringService(KafkaStreams streams, ModelsTopic.Watcher watcher, MetricsServer server,
      ServiceMetrics metrics, ModelHolder models) {
    this.streams = streams;
    this.watcher = watcher;
    this.server = server;
    this.metrics = metrics;
    this.models = models;
  }

  /** How long start-up waits for the brokers to answer before it gives up with a reason. */
  static final int BROKER_CHECK_SECONDS = 30;

  public static ScoringService start(ServiceConfig config, ScorerFactory scorers) throws IOException, InterruptedException {
    LOG.info("Starting: {} (every setting at DEBUG)", config.summary());
    LOG.debug("Settings: {}", config.describe());
    BrokerCheck.verify(config.clientProperties(), BROKER_CHECK_SECONDS);
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    ServiceMetrics metrics = new ServiceMetrics(registry);
    WriterSchemas writers = new WriterSchemas();
    if (!config.getString(ServiceConfig.SCHEMAS_DIR).isEmpty()) {
      writers.addFolder(Path.of(config.getString(ServiceConfig.SCHEMAS_DIR)));
    }
    ModelHolder models = new ModelHolder(scorers, writers, metrics);
    String modelPath = config.getString(ServiceConfig.MODEL_PATH);
    if (!modelPath.isEmpty() && !models.offer(BundleFormat.read(Path.of(modelPath)), modelPath)) {
      throw new IllegalArgumentException(modelPath + ": the starting model was refused (see the log line above)");
    }
    if (config.getBoolean(ServiceConfig.TOPICS_CREATE)) {
      try (Admin admin = Admin.create(config.clientProperties())) {
        ServiceTopics.ensure(admin, config);
      }
    }
    ModelsTopic.Watcher watcher = new ModelsTopic.Watcher(config.clientProperties(),
        config.getString(ServiceConfig.MODELS_TOPIC), models);
    watcher.start(Duration.ofSeconds(30));
    long deadline = System.currentTimeMillis() + config.getLong(ServiceConfig.MODEL_WAIT_MS);
    while (models.current() == null && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    if (models.current() == null) {
      watcher.close();
      throw new IllegalStateException("no model: " + ServiceConfig.MODEL_PATH + " is empty and no valid bundle"
          + " arrived on topic " + config.getString(ServiceConfig.MODELS_TOPIC) + " (publish one with"
          + " `elbostream publish`)");
    }
    KafkaStreams streams = new KafkaStreams(
        ScoringTopology.build(TopologySettings.of(config), models, metrics), config.streamsProperties());
    // A bug on one record must not stop the service: the thread is replaced and the record retried
    // (under exactly-once nothing of the failed transaction is visible).
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("Stream thread failed; replacing it", e);
      metrics.streamThreadReplaced();
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    // Each rebalance pauses processing: logged and counted, so a scale-out or a rolling restart can
    // be read off the logs and /metrics.
    streams.setStateListener((now, before) -> {
      LOG.info("Kafka Streams {} -> {}", before, now);
      if (now == KafkaStreams.State.REBALANCING) {
        metrics.rebalanced();
      }
    });
    registry.register(new KafkaStreamsCollector(streams::metrics));
    int port = config.getInt(ServiceConfig.METRICS_PORT);
    MetricsServer server = port < 0 ? null : MetricsServer.start(port, metrics, streams::state, config.metricsSecurity());
    streams.start();
    if (server != null) {
      LOG.info("Metrics on http://localhost:{}/metrics, health on /ready and /live", server.port());
    }
    return new ScoringService(streams, watcher, server, metrics, models);
  }

  /** Waits until Kafka Streams is RUNNING; false on timeout. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return awaitRunning(streams, timeout);
  }

  /** Waits until {@code streams} is RUNNING; false on timeout or if it stops trying. */
  public static boolean awaitRunning(KafkaStreams streams, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()) {
        return streams.state() == KafkaStreams.State.RUNNING;
      }
      Thread.sleep(50);
    }
    return true;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  public ServiceMetrics metrics() {
    return metrics;
  }

  public ModelHolder models() {
    return models;
  }

  /** Port of the metrics endpoint, or -1 when it is off. */
  public int metricsPort() {
    return server == null ? -1 : server.port();
  }

  @Override
  public void close() throws InterruptedException {
    streams.close(Duration.ofSeconds(60));
    watcher.close();
    if (server != null) {
      server.close();
    }
  }
}
