package org.elbostream.streams.metrics;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpsConfigurator;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
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

  /**
   * @param keystore PKCS12 keystore to serve HTTPS with; empty for plain HTTP
   * @param keystorePassword its password
   * @param user the user /metrics asks for by basic authentication; empty for none
   * @param password that user's password
   */
  public record Security(String keystore, char[] keystorePassword, String user, String password) {
    public static final Security NONE = new Security("", null, "", null);

    @Override
    public String toString() {
      return "Security[keystore=" + keystore + ", user=" + user + "]"; // never the passwords
    }
  }

  /** Starts on {@code port} (0: any free port) of every interface, plain HTTP, open. */
  public static MetricsServer start(int port, ServiceMetrics metrics, Supplier<KafkaStreams.State> state)
      throws IOException {
    return start(port, metrics, state, Security.NONE);
  }

  /** Starts with TLS and basic authentication where {@code security} asks for them. */
  public static MetricsServer start(int port, ServiceMetrics metrics, Supplier<KafkaStreams.State> state,
      Security security) throws IOException {
    HTTPServer.Builder builder = HTTPServer.builder().port(port).registry(metrics.registry())
        .defaultHandler(exchange -> health(exchange, state.get()));
    if (!security.keystore().isEmpty()) {
      builder.httpsConfigurator(new HttpsConfigurator(sslContext(security)));
    }
    if (!security.user().isEmpty()) {
      builder.authenticator(new MetricsAuthenticator(security.user(), security.password()));
    }
    return new MetricsServer(builder.buildAndStart());
  }

  private static SSLContext sslContext(Security security) throws IOException {
    try (InputStream in = Files.newInputStream(Path.of(security.keystore()))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, security.keystorePassword());
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, security.keystorePassword());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(security.keystore() + ": cannot serve TLS with this keystore: " + e.getMessage(), e);
    }
  }

  /**
   * Basic authentication on /metrics only: the kubelet's probes carry no credentials, and /ready
   * and /live tell nothing a scrape would.
   */
  private static final class MetricsAuthenticator extends BasicAuthenticator {
    private final byte[] user;
    private final byte[] password;

    MetricsAuthenticator(String user, String password) {
      super("elbostream metrics");
      this.user = user.getBytes(StandardCharsets.UTF_8);
      this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Result authenticate(HttpExchange exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals(READY_PATH) || path.equals(LIVE_PATH)) {
        return new Success(new HttpPrincipal("probe", getRealm()));
      }
      return super.authenticate(exchange);
    }

    @Override
    public boolean checkCredentials(String givenUser, String givenPassword) {
      // Constant-time comparisons: the answer's timing must not tell how much of a guess was right.
      return MessageDigest.isEqual(user, givenUser.getBytes(StandardCharsets.UTF_8))
          & MessageDigest.isEqual(password, givenPassword.getBytes(StandardCharsets.UTF_8));
    }
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
