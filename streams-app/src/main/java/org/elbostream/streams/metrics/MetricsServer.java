package org.elbostream.streams.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The HTTP endpoint: {@code /metrics} for Prometheus, {@code /ready} (200 only while Kafka Streams
 * is RUNNING, for the readiness probe) and {@code /live} (200 unless Kafka Streams has failed or
 * stopped, so a rebalance never gets a pod restarted).
 */
public final class MetricsServer implements AutoCloseable {
  /** 200 only while Kafka Streams is RUNNING: the readiness probe's path. */
  public static final String READY_PATH = "/ready";
  /** 200 unless Kafka Streams has failed or stopped: the liveness probe's path. */
  public static final String LIVE_PATH = "/live";
  /** The Prometheus text exposition. */
  public static final String METRICS_PATH = "/metrics";

  private final HTTPServer server;

  private MetricsServer(HTTPServer server) {
    this.server = server;
  }

  /** Starts on {@code port} (0: any free port) of every interface. */
  public static MetricsServer start(int port, ServiceMetrics metrics, Supplier<KafkaStreams.State> state)
      throws IOException {
    HTTPServer server = HTTPServer.builder().port(port).registry(metrics.registry())
        .defaultHandler(exchange -> health(exchange, state.get())).buildAndStart();
    return new MetricsServer(server);
  }

  static boolean ready(KafkaStreams.State s) {
    return s == KafkaStreams.State.RUNNING;
  }

  static boolean live(KafkaStreams.State s) {
    return s != null && s != KafkaStreams.State.ERROR && s != KafkaStreams.State.NOT_RUNNING
        && s != KafkaStreams.State.PENDING_ERROR;
  }

  private static void health(HttpExchange exchange, KafkaStreams.State state) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int status;
    if (path.equals(READY_PATH)) {
      status = ready(state) ? 200 : 503;
    } else if (path.equals(LIVE_PATH)) {
      status = live(state) ? 200 : 503;
    } else {
      status = 404;
    }
    byte[] body = (status == 404 ? "try /metrics, /ready or /live\n" : String.valueOf(state) + "\n")
        .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
