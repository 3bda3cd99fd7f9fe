package org.elbostream.cli.process;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a service's /metrics over loopback, as Prometheus would, and sums its samples. */
public final class MetricsScrape {
  private MetricsScrape() {}

  /** The /metrics text of the service on {@code port} of 127.0.0.1, or empty while it is not answering. */
  public static String fetch(int port) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /**
   * The sum of a metric's samples over every label set; a {@code metric} that opens a label set,
   * e.g. {@code jvm_memory_used_bytes{area="heap"}, sums only the samples whose labels start so.
   */
  public static double sum(String scrape, String metric) {
    double total = 0;
    for (String line : scrape.split("\n")) {
      boolean match = metric.contains("{") ? line.startsWith(metric)
          : line.startsWith(metric + "{") || line.startsWith(metric + " ");
      if (match) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  /** A port free now, for a child's metrics endpoint. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
