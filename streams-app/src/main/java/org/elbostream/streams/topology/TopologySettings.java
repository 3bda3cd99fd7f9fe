package org.elbostream.streams.topology;

import org.elbostream.model.incident.IncidentRules;
import org.elbostream.model.threshold.ThresholdPolicy;
import org.elbostream.streams.config.Contributions;
import org.elbostream.streams.config.ServiceConfig;

/**
 * What the topology needs from the configuration, and the names of its nodes and stores (its headers
 * are in {@link OutputHeaders}).
 *
 * @param batchSize records per network call; 1 scores inline with no store
 * @param lingerMs longest wall-clock wait of a partial batch
 * @param alertTopFields fields listed in an alert and an incident
 * @param contributions which fields' contributions a score record carries
 * @param paging how thresholds move and incidents are made
 */
public record TopologySettings(String inputTopic, String imputedTopic, String scoresTopic, String alertsTopic,
    String deadLetterTopic, int batchSize, long lingerMs, int alertTopFields, Contributions contributions,
    Paging paging) {
  public static final String SOURCE = "input";
  public static final String SCORER = "score";
  public static final String IMPUTED_SINK = "imputed";
  public static final String SCORES_SINK = "scores";
  public static final String ALERTS_SINK = "alerts";
  public static final String INCIDENTS_SINK = "incidents";
  public static final String DEAD_LETTER_SINK = "dead-letters";
  /** The changelogged store of records waiting for their batch. */
  public static final String PENDING_STORE = "elbostream-pending";
  /** Each key's last records, for a model that reads a record with its past. */
  public static final String RECENT_STORE = "elbostream-recent";
  /** Each streaming threshold's state, by model (and key, when thresholds are per key). */
  public static final String THRESHOLD_STORE = "elbostream-thresholds";
  /** Each key's incident state. */
  public static final String INCIDENT_STORE = "elbostream-incident-state";

  /**
   * How the service pages.
   *
   * @param incidentsTopic where incident events go
   * @param policy how a threshold follows the stream
   * @param thresholdPerKey one threshold per entity key rather than per model and task
   * @param rules when scores make an incident
   * @param silenceMs wall-clock time without a record after which an open incident resolves
   * @param updateMs shortest event time between two UPDATED events of one incident
   */
  public record Paging(String incidentsTopic, ThresholdPolicy policy, boolean thresholdPerKey, IncidentRules rules,
      long silenceMs, long updateMs) {
    /** The bundle's threshold as calibrated and the default incident rules: what a test pins. */
    public static Paging pinned(String incidentsTopic) {
      return new Paging(incidentsTopic, ThresholdPolicy.fixed(), false, IncidentRules.defaults(), 600_000, 300_000);
    }
  }

  /**
   * Settings with the threshold pinned as calibrated (see {@link Paging#pinned}), incidents on
   * "incidents", every contribution in the score records.
   */
  public TopologySettings(String inputTopic, String imputedTopic, String scoresTopic, String alertsTopic,
      String deadLetterTopic, int batchSize, long lingerMs, int alertTopFields) {
    this(inputTopic, imputedTopic, scoresTopic, alertsTopic, deadLetterTopic, batchSize, lingerMs, alertTopFields,
        Contributions.ALL, Paging.pinned("incidents"));
  }

  public static TopologySettings of(ServiceConfig c) {
    return new TopologySettings(c.getString(ServiceConfig.INPUT_TOPIC), c.getString(ServiceConfig.IMPUTED_TOPIC),
        c.getString(ServiceConfig.SCORES_TOPIC), c.getString(ServiceConfig.ALERTS_TOPIC),
        c.getString(ServiceConfig.DEAD_LETTER_TOPIC), c.getInt(ServiceConfig.BATCH_SIZE),
        c.getLong(ServiceConfig.BATCH_LINGER_MS), c.getInt(ServiceConfig.ALERT_TOP_FIELDS), c.contributions(),
        new Paging(c.getString(ServiceConfig.INCIDENTS_TOPIC), c.thresholdPolicy(),
            "key".equals(c.getString(ServiceConfig.THRESHOLD_SCOPE)), c.incidentRules(),
            c.getLong(ServiceConfig.INCIDENT_SILENCE_MS), c.getLong(ServiceConfig.INCIDENT_UPDATE_MS)));
  }

  public boolean batching() {
    return batchSize > 1;
  }

  public TopologySettings withBatchSize(int size) {
    return new TopologySettings(inputTopic, imputedTopic, scoresTopic, alertsTopic, deadLetterTopic, size, lingerMs,
        alertTopFields, contributions, paging);
  }

  public TopologySettings withPaging(Paging p) {
    return new TopologySettings(inputTopic, imputedTopic, scoresTopic, alertsTopic, deadLetterTopic, batchSize,
        lingerMs, alertTopFields, contributions, p);
  }

  public TopologySettings withContributions(Contributions c) {
    return new TopologySettings(inputTopic, imputedTopic, scoresTopic, alertsTopic, deadLetterTopic, batchSize,
        lingerMs, alertTopFields, c, paging);
  }
}
