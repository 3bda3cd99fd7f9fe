package org.elbostream.streams.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Kafka Streams' own client metrics (and its consumers' and producers'), read at scrape time and
 * exposed as gauges named {@code kafka_<group>_<name>} with the Kafka tags as labels. The consumer's
 * {@code records-lag} per partition is also exposed as {@code elbostream_consumer_lag_records}.
 */
public final class KafkaStreamsCollector implements MultiCollector {
  private final Supplier<Map<MetricName, ? extends Metric>> metrics;

  public KafkaStreamsCollector(Supplier<Map<MetricName, ? extends Metric>> metrics) {
    this.metrics = metrics;
  }

  @Override
  public MetricSnapshots collect() {
    Map<String, List<GaugeSnapshot.GaugeDataPointSnapshot>> byName = new LinkedHashMap<>();
    Map<String, String> help = new LinkedHashMap<>();
    Map<String, Set<Labels>> seen = new LinkedHashMap<>();
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.get().entrySet()) {
      MetricName n = e.getKey();
      if (!(e.getValue().metricValue() instanceof Number value) || !Double.isFinite(value.doubleValue())) {
        continue;
      }
      List<String> names = new ArrayList<>();
      names.add(PrometheusNaming.sanitizeMetricName("kafka_" + n.group() + "_" + n.name()));
      if (n.group().equals("consumer-fetch-manager-metrics") && n.name().equals("records-lag")
          && n.tags().containsKey("partition")) {
        names.add("elbostream_consumer_lag_records");
      }
      Labels.Builder labels = Labels.builder();
      n.tags().forEach((k, v) -> labels.label(PrometheusNaming.sanitizeLabelName(k), v));
      Labels built = labels.build();
      for (String name : names) {
        // Kafka can register the same name and tags in two clients' registries: keep the first.
        if (!seen.computeIfAbsent(name, k -> new HashSet<>()).add(built)) {
          continue;
        }
        help.putIfAbsent(name, n.description().isEmpty() ? n.name() : n.description());
        byName.computeIfAbsent(name, k -> new ArrayList<>())
            .add(new GaugeSnapshot.GaugeDataPointSnapshot(value.doubleValue(), built, null));
      }
    }
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    byName.forEach((name, points) -> out.metricSnapshot(
        new GaugeSnapshot(new MetricMetadata(name, help.get(name)), points)));
    return out.build();
  }
}
