package org.elbostream.streams.topology;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;
import org.elbostream.model.threshold.ScoreThreshold;
import org.elbostream.model.threshold.ThresholdPolicy;
import org.elbostream.streams.reload.ServingModel;

/**
 * One stream task's thresholds: one per model, or one per model and entity key, each started from
 * the model's calibration and moved by the stream under the policy. Their states live in a
 * changelogged store, written once per batch and committed with the batch's outputs, so a restart or
 * a rebalance carries on from the threshold the last committed score was judged by. A new model
 * starts its own: its scores are on its own scale.
 */
final class ThresholdBook {
  private final KeyValueStore<String, byte[]> store;
  private final ThresholdPolicy policy;
  private final boolean perKey;
  private final Map<String, ScoreThreshold> live = new HashMap<>();
  private final Set<String> touched = new LinkedHashSet<>();

  ThresholdBook(KeyValueStore<String, byte[]> store, ThresholdPolicy policy, boolean perKey) {
    this.store = store;
    this.policy = policy;
    this.perKey = perKey;
  }

  /** The threshold {@code model} judges {@code key}'s next score by; {@link #flush} keeps what the scores did to it. */
  ScoreThreshold of(ServingModel model, String key) {
    String id = perKey ? model.version() + "/" + (key == null ? "" : key) : model.version();
    touched.add(id);
    return live.computeIfAbsent(id, k -> policy.restore(model.bundle().thresholds(), store.get(k)));
  }

  /** Writes the states the last batch moved. */
  void flush() {
    for (String id : touched) {
      byte[] state = live.get(id).state();
      if (state.length > 0) {
        store.put(id, state);
      }
    }
    touched.clear();
  }
}
