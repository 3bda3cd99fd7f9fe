package org.elbostream.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.elbostream.streams.config.ServiceConfig;
import org.elbostream.streams.reload.ModelsTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics the service writes, when they are missing. */
final class ServiceTopics {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceTopics.class);

  private ServiceTopics() {}

  /**
   * Output and dead-letter topics get the input topic's partition count, so a key keeps its
   * partition number; the models topic is one compacted partition.
   */
  static void ensure(Admin admin, ServiceConfig config) throws InterruptedException {
    String input = config.getString(ServiceConfig.INPUT_TOPIC);
    int partitions;
    try {
      partitions = admin.describeTopics(List.of(input)).allTopicNames().get().get(input).partitions().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalStateException("input topic '" + input + "' does not exist; create it (its partition"
            + " count sets how far the service scales out)", e.getCause());
      }
      throw new IllegalStateException("cannot describe input topic '" + input + "': " + e.getCause().getMessage(), e);
    }
    Set<String> existing;
    try {
      existing = admin.listTopics().names().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e);
    }
    List<NewTopic> missing = new ArrayList<>();
    for (String key : List.of(ServiceConfig.IMPUTED_TOPIC, ServiceConfig.SCORES_TOPIC, ServiceConfig.ALERTS_TOPIC,
        ServiceConfig.INCIDENTS_TOPIC, ServiceConfig.DEAD_LETTER_TOPIC)) {
      String name = config.getString(key);
      if (!existing.contains(name)) {
        missing.add(new NewTopic(name, Optional.of(partitions), Optional.empty()));
      }
    }
    String models = config.getString(ServiceConfig.MODELS_TOPIC);
    if (!existing.contains(models)) {
      missing.add(modelsTopic(models));
    }
    for (NewTopic t : missing) {
      try {
        admin.createTopics(List.of(t)).all().get();
        LOG.info("Created topic {} ({} partitions)", t.name(), t.numPartitions());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic '" + t.name() + "': " + e.getCause().getMessage(), e);
        }
      }
    }
  }

  static NewTopic modelsTopic(String name) {
    return new NewTopic(name, Optional.of(1), Optional.empty()).configs(Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(ModelsTopic.MAX_BUNDLE_BYTES)));
  }
}
