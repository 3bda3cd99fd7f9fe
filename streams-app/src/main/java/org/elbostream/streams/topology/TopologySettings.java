package org.elbostream.streams.topology;

import org.elbostream.streams.config.ServiceConfig;

/**
 * What the topology needs from the configuration, and the names of its nodes and store (its headers
 * are in {@link OutputHeaders}).
 *
 * @param batchSize records per network call; 1 scores inline with no store
 * @param lingerMs longest wall-clock wait of a partial batch
 * @param alertTopFields fields listed in an alert
 */
public record TopologySettings(String inputTopic, String imputedTopic, String scoresTopic, String alertsTopic,
    String deadLetterTopic, int batchSize, long lingerMs, int alertTopFields) {
  public static final String SOURCE = "input";
  public static final String SCORER = "score";
  public static final String IMPUTED_SINK = "imputed";
  public static final String SCORES_SINK = "scores";
  public static final String ALERTS_SINK = "alerts";
  public static final String DEAD_LETTER_SINK = "dead-letters";
  /** The changelogged store of records waiting for their batch. */
  public static final String PENDING_STORE = "elbostream-pending";
  /** Each key's last records, for a model that reads a record with its past. */
  public static final String RECENT_STORE = "elbostream-recent";

  public static TopologySettings of(ServiceConfig c) {
    return new TopologySettings(c.getString(ServiceConfig.INPUT_TOPIC), c.getString(ServiceConfig.IMPUTED_TOPIC),
        c.getString(ServiceConfig.SCORES_TOPIC), c.getString(ServiceConfig.ALERTS_TOPIC),
        c.getString(ServiceConfig.DEAD_LETTER_TOPIC), c.getInt(ServiceConfig.BATCH_SIZE),
        c.getLong(ServiceConfig.BATCH_LINGER_MS), c.getInt(ServiceConfig.ALERT_TOP_FIELDS));
  }

  public boolean batching() {
    return batchSize > 1;
  }

  public TopologySettings withBatchSize(int size) {
    return new TopologySettings(inputTopic, imputedTopic, scoresTopic, alertsTopic, deadLetterTopic, size, lingerMs,
        alertTopFields);
  }
}
