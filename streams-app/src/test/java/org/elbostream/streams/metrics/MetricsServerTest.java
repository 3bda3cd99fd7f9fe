package org.elbostream.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.elbostream.streams.config.ServiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics endpoint over TLS with basic authentication on /metrics, probes left open. */
class MetricsServerTest {
  @TempDir
  Path dir;

  @Test
  void shouldServeMetricsOverTlsOnlyToTheRightUserAndLeaveTheProbesOpen() throws Exception {
    Path keystore = dir.resolve("metrics.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "metrics", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", "changeit").redirectErrorStream(true).start();
    assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
    ServiceConfig config = new ServiceConfig(Map.of("bootstrap.servers", "127.0.0.1:1",
        ServiceConfig.METRICS_TLS_KEYSTORE, keystore.toString(), ServiceConfig.METRICS_TLS_KEYSTORE_PASSWORD, "changeit",
        ServiceConfig.METRICS_USER, "prometheus", ServiceConfig.METRICS_PASSWORD, "s3cret"));
    assertThat(config.describe().toString()).doesNotContain("s3cret").doesNotContain("changeit");
    assertThat(config.metricsSecurity().toString()).doesNotContain("s3cret").doesNotContain("changeit");

    ServiceMetrics metrics = new ServiceMetrics(new PrometheusRegistry());
    try (MetricsServer server = MetricsServer.start(0, metrics, () -> KafkaStreams.State.RUNNING,
        config.metricsSecurity())) {
      HttpClient https = HttpClient.newBuilder().sslContext(trusting(keystore)).build();
      String base = "https://127.0.0.1:" + server.port();
      assertThat(get(https, base + "/metrics", null).statusCode()).isEqualTo(401);
      assertThat(get(https, base + "/metrics", "prometheus:wrong").statusCode()).isEqualTo(401);
      HttpResponse<String> ok = get(https, base + "/metrics", "prometheus:s3cret");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("elbostream_anomalies_total");
      assertThat(get(https, base + "/ready", null).statusCode()).as("the readiness probe needs no password").isEqualTo(200);
      assertThat(get(https, base + "/live", null).statusCode()).isEqualTo(200);
      HttpClient plain = HttpClient.newHttpClient();
      assertThatThrownBy(() -> get(plain, "http://127.0.0.1:" + server.port() + "/metrics", "prometheus:s3cret"))
          .as("no plain HTTP on a TLS port").isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void shouldRefuseAKeystoreOrUserWithoutItsPassword() {
    assertThatThrownBy(() -> new ServiceConfig(Map.of("bootstrap.servers", "127.0.0.1:1",
        ServiceConfig.METRICS_USER, "prometheus"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining(ServiceConfig.METRICS_PASSWORD);
    assertThatThrownBy(() -> new ServiceConfig(Map.of("bootstrap.servers", "127.0.0.1:1",
        ServiceConfig.METRICS_TLS_KEYSTORE, "/x.p12"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining(ServiceConfig.METRICS_TLS_KEYSTORE_PASSWORD);
  }

  private static HttpResponse<String> get(HttpClient client, String url, String credentials) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (credentials != null) {
      request.header("Authorization", "Basic "
          + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static SSLContext trusting(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
