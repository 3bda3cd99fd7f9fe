package org.elbostream.streams.topology;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.elbostream.streams.metrics.ServiceMetrics;
import org.elbostream.streams.reload.ModelHolder;

/** Builds the service's one topology; the service, the tests, the demo and the benchmark all call it. */
public final class ScoringTopology {
  private ScoringTopology() {}

  /**
   * input topic -> score (decode, validate, batch, score, impute, judge) -> imputed, scores, alerts,
   * incidents and dead-letter topics. Keys and values travel as bytes: decoding happens inside the scorer so that
   * a bad record becomes a dead letter with its origin instead of a deserialization failure.
   */
  public static Topology build(TopologySettings settings, ModelHolder models, ServiceMetrics metrics) {
    Topology topology = new Topology();
    topology.addSource(TopologySettings.SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
        settings.inputTopic());
    topology.addProcessor(TopologySettings.SCORER, () -> new ScoringProcessor(settings, models, metrics),
        TopologySettings.SOURCE);
    if (settings.batching()) {
      // Logged (the default) so waiting records survive a crash; cached so that slot overwrites
      // within one commit reach the changelog once.
      topology.addStateStore(Stores.keyValueStoreBuilder(
          Stores.inMemoryKeyValueStore(TopologySettings.PENDING_STORE), Serdes.Integer(), Serdes.ByteArray())
          .withCachingEnabled(), TopologySettings.SCORER);
    }
    // Logged so that a key's past moves with its partition and survives a crash; cached so that a
    // key's several records in one commit reach the changelog once. A model that reads records
    // alone never touches it.
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(TopologySettings.RECENT_STORE), Serdes.String(), Serdes.ByteArray())
        .withCachingEnabled(), TopologySettings.SCORER);
    // Logged so that thresholds and incidents survive a crash and move with their partition, in the
    // same transaction as the scores that moved them; cached so that a commit writes a key once.
    for (String store : new String[] {TopologySettings.THRESHOLD_STORE, TopologySettings.INCIDENT_STORE}) {
      topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), Serdes.String(),
          Serdes.ByteArray()).withCachingEnabled(), TopologySettings.SCORER);
    }
    addSink(topology, TopologySettings.IMPUTED_SINK, settings.imputedTopic());
    addSink(topology, TopologySettings.SCORES_SINK, settings.scoresTopic());
    addSink(topology, TopologySettings.ALERTS_SINK, settings.alertsTopic());
    addSink(topology, TopologySettings.INCIDENTS_SINK, settings.paging().incidentsTopic());
    addSink(topology, TopologySettings.DEAD_LETTER_SINK, settings.deadLetterTopic());
    return topology;
  }

  private static void addSink(Topology topology, String name, String topic) {
    topology.addSink(name, topic, new ByteArraySerializer(), new ByteArraySerializer(), TopologySettings.SCORER);
  }
}
