package org.elbostream.streams.reload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.streams.metrics.ServiceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted topic that carries model bundles as archives, one key per application: {@link
 * #publish} writes one, {@link Watcher} reads every one from the start and offers each to the
 * holder, so every instance ends on the newest valid model, and a restarted instance too.
 */
public final class ModelsTopic {
  /** Bundles are a few hundred kB; the topic and producer allow up to this many bytes. */
  public static final int MAX_BUNDLE_BYTES = 64 * 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(ModelsTopic.class);

  private ModelsTopic() {}

  /** Writes {@code bundle} under {@code key} and waits for the broker's acknowledgement. */
  public static RecordMetadata publish(Map<String, Object> client, String topic, String key, ModelBundle bundle)
      throws InterruptedException, ExecutionException {
    Map<String, Object> props = new HashMap<>(client);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_BUNDLE_BYTES);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(topic, key, BundleFormat.toArchive(bundle)));
      return sent.get();
    }
  }

  /** A thread that follows the topic and offers every bundle on it to a {@link ModelHolder}. */
  public static final class Watcher implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final ModelHolder holder;
    private final Thread thread;

    public Watcher(Map<String, Object> client, String topic, ModelHolder holder) {
      Map<String, Object> props = new HashMap<>(client);
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_BUNDLE_BYTES);
      props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_BUNDLE_BYTES);
      this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
      this.topic = topic;
      this.holder = holder;
      this.thread = new Thread(this::run, "elbostream-model-watcher");
      this.thread.setDaemon(true);
    }

    /** Reads the topic up to its current end (so the newest model serves), then follows it. */
    public void start(Duration catchUp) throws InterruptedException {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + catchUp.toNanos();
      while (!atEnd(end) && System.nanoTime() < deadline) {
        pollOnce();
      }
      thread.start();
    }

    private boolean atEnd(Map<TopicPartition, Long> end) {
      for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
        if (consumer.position(e.getKey()) < e.getValue()) {
          return false;
        }
      }
      return true;
    }

    private void run() {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          pollOnce();
        }
      } catch (WakeupException e) {
        // close() asked us to stop
      } catch (RuntimeException e) {
        LOG.error("Model watcher stopped; the serving model stays, new ones will not be picked up", e);
      } finally {
        consumer.close();
      }
    }

    private void pollOnce() {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        if (r.value() == null) {
          continue;
        }
        String origin = r.topic() + "-" + r.partition() + "@" + r.offset();
        try {
          holder.offer(BundleFormat.fromArchive(r.value(), origin), origin);
        } catch (BundleFormatException e) {
          holder.reject(origin, null, ServiceMetrics.REJECTED_UNREADABLE, e.getMessage());
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      if (thread.isAlive()) {
        consumer.wakeup();
        thread.join(10_000);
      } else {
        consumer.close();
      }
    }
  }
}
