package org.elbostream.streams.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.threshold.ScoreThreshold;
import org.elbostream.model.threshold.ThresholdPolicy;
import org.elbostream.streams.metrics.ServiceMetrics;
import org.elbostream.streams.reload.ModelHolder;
import org.elbostream.streams.reload.ServingModel;
import org.elbostream.streams.scoring.RecordScorer;
import org.elbostream.streams.serde.DeadLetterReason;
import org.elbostream.streams.serde.DecodeException;
import org.elbostream.streams.serde.OutputSchemas;
import org.elbostream.streams.serde.SingleObjectCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream task's scoring: decode, validate, batch, score, and forward the imputed record, the
 * score, an alert when over the threshold, the incident events the score makes, or a dead letter.
 * Each score is judged by its model's (or key's) threshold as it stands, which the score then moves
 * ({@link ThresholdBook}); incidents follow from those judgements ({@link IncidentDesk}).
 *
 * <p>With a batch size above one, records wait in a changelogged store until the batch is full or
 * has lingered long enough. The store is a ring of batch-size slots plus a fill count, so with the
 * store cache on, a commit writes at most batch-size + 1 changelog records however many batches it
 * spans, rather than a put and a delete per input record; a scored batch's slots are cleared, so
 * only the records still waiting at a commit go out in full, the rest as tombstones. Because the store, the outputs and the
 * input offsets commit in one transaction under exactly-once, a crash neither loses a waiting
 * record nor scores it twice; a restarted task finds its waiting records restored and scores them
 * first.
 */
final class ScoringProcessor implements Processor<byte[], byte[], byte[], byte[]> {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);
  private static final int FILL = -1;

  private final TopologySettings settings;
  private final ModelHolder models;
  private final ServiceMetrics metrics;
  private final AnomalyRecordBuilder outputs;
  private final SingleObjectCodec scoreCodec = SingleObjectCodec.writerOnly(OutputSchemas.SCORE);
  private final SingleObjectCodec alertCodec = SingleObjectCodec.writerOnly(OutputSchemas.ALERT);
  private final SingleObjectCodec incidentCodec = SingleObjectCodec.writerOnly(OutputSchemas.INCIDENT);
  private final List<Waiting> pending = new ArrayList<>();
  private ProcessorContext<byte[], byte[]> context;
  private KeyValueStore<Integer, byte[]> store;
  private RecentRecords recent;
  private ThresholdBook thresholds;
  private IncidentDesk incidents;
  /** Records kept per key in the recent store: the largest window this task has served; 0 for none yet. */
  private int keep;
  private long batchStartedMs;
  private boolean restored;
  private ActiveModel active;

  ScoringProcessor(TopologySettings settings, ModelHolder models, ServiceMetrics metrics) {
    this.settings = settings;
    this.models = models;
    this.metrics = metrics;
    this.outputs = new AnomalyRecordBuilder(settings.alertTopFields(), settings.contributions());
  }

  /**
   * A record in the batch, decoded by {@code model} (null until decoded after a restore), with its
   * entity key, which its threshold, its past and its outputs are filed under.
   */
  private record Waiting(PendingRecord source, ServingModel model, GenericRecord record, double[] row, String key) {}

  /** The model this task scores with, and the per-task objects built for it. */
  private record ActiveModel(ServingModel model, RecordScorer scorer, SingleObjectCodec codec, RecordFeatures features,
      byte[] versionHeader) {}

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
    recent = new RecentRecords(context.getStateStore(TopologySettings.RECENT_STORE));
    TopologySettings.Paging paging = settings.paging();
    thresholds = new ThresholdBook(context.getStateStore(TopologySettings.THRESHOLD_STORE), paging.policy(),
        paging.thresholdPerKey());
    incidents = new IncidentDesk(context.getStateStore(TopologySettings.INCIDENT_STORE), paging.rules(),
        paging.updateMs(), settings.alertTopFields());
    metrics.incidentsMoved(incidents.openCount());
    if (incidents.openCount() > 0) {
      LOG.info("Task {} restored {} open incidents", context.taskId(), incidents.openCount());
    }
    long check = Math.max(100, Math.min(paging.silenceMs() / 2, 30_000));
    context.schedule(Duration.ofMillis(check), PunctuationType.WALL_CLOCK_TIME, this::resolveSilent);
    adoptLatestModel();
    if (settings.batching()) {
      store = context.getStateStore(TopologySettings.PENDING_STORE);
      int fill = fill();
      for (int slot = 0; slot < fill; slot++) {
        pending.add(new Waiting(PendingRecord.fromBytes(store.get(slot)), null, null, null, null));
      }
      if (fill > 0) {
        restored = true;
        LOG.info("Task {} restored {} records waiting to be scored", context.taskId(), fill);
      }
      long every = Math.max(1, settings.lingerMs() / 4);
      context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    PendingRecord source = new PendingRecord(record.key(), record.value(), record.timestamp(), meta.topic(),
        meta.partition(), meta.offset(), record.headers());
    metrics.recordIn(meta.topic());
    if (pending.isEmpty()) {
      adoptLatestModel();
    }
    Waiting decoded;
    try {
      decoded = decode(source, active);
    } catch (DecodeException e) {
      deadLetter(source, e.reason(), e.getMessage());
      return;
    }
    if (!settings.batching()) {
      score(List.of(decoded));
      return;
    }
    if (pending.isEmpty()) {
      batchStartedMs = context.currentSystemTimeMs();
    }
    store.put(pending.size(), source.toBytes());
    pending.add(decoded);
    store.put(FILL, intBytes(pending.size()));
    if (pending.size() >= settings.batchSize()) {
      flush();
    }
  }

  private void punctuate(long now) {
    if (!pending.isEmpty() && (restored || now - batchStartedMs >= settings.lingerMs())) {
      flush();
    }
  }

  /** Resolves the open incidents of keys that fell silent. */
  private void resolveSilent(long now) {
    for (IncidentDesk.Event e : incidents.resolveSilent(now, settings.paging().silenceMs(),
        active.model().bundle().featureSpec().features(), active.model().version())) {
      forwardIncident(e, now, now);
    }
  }

  private void flush() {
    adoptLatestModel();
    List<Waiting> batch = new ArrayList<>(pending.size());
    for (Waiting w : pending) {
      if (w.model() == active.model()) {
        batch.add(w);
        continue;
      }
      try {
        batch.add(decode(w.source(), active));
      } catch (DecodeException e) {
        deadLetter(w.source(), e.reason(), e.getMessage() + " (under model " + active.model().version() + ")");
      }
    }
    score(batch);
    // Cleared slots reach the changelog at the next commit as tombstones of a few bytes, where the
    // scored records' bytes would otherwise go out again: a commit writes in full only the records
    // still waiting.
    for (int slot = 0; slot < pending.size(); slot++) {
      store.delete(slot);
    }
    pending.clear();
    restored = false;
    store.put(FILL, intBytes(0));
  }

  private int fill() {
    byte[] raw = store.get(FILL);
    return raw == null ? 0 : ByteBuffer.wrap(raw).getInt();
  }

  private Waiting decode(PendingRecord source, ActiveModel model) throws DecodeException {
    GenericRecord record = model.codec().decode(source.value());
    return new Waiting(source, model.model(), record, model.features().row(record),
        model.features().entityKey(record, source.key()));
  }

  private void score(List<Waiting> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<double[]> rows = new ArrayList<>(batch.size());
    long[] seeds = new long[batch.size()];
    // Where each record's score starts to matter as the batch starts (its threshold, or the level
    // above which a streaming threshold learns), for the scorer's screening: a batch moves it far
    // less than the screen's margin.
    double[] judgedBy = new double[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      Waiting w = batch.get(i);
      rows.add(w.row());
      seeds[i] = w.source().seed();
      judgedBy[i] = thresholds.of(active.model(), w.key()).screenLevel();
    }
    int window = active.scorer().window();
    keep = Math.max(keep, window);
    // Once a model with a window has served here, every model keeps the past current, so that
    // swapping back to one finds it.
    RecentRecords.Plan plan = keep == 0 ? null : recent.plan(observed(batch), window,
        active.model().bundle().manifest().architecture().past(), keep);
    long start = System.nanoTime();
    List<RecordScore> scores;
    try {
      scores = active.scorer().score(rows, window == 0 ? null : plan.pasts(), seeds, judgedBy);
    } catch (RuntimeException e) {
      LOG.error("Model {} failed on a batch of {} records from {}; they go to the dead-letter topic",
          active.model().version(), batch.size(), batch.get(0).source().origin(), e);
      for (Waiting w : batch) {
        deadLetter(w.source(), DeadLetterReason.SCORING_FAILED, e.toString());
      }
      return;
    }
    metrics.batch(batch.size(), (System.nanoTime() - start) / 1e9);
    if (plan != null) {
      recent.commit(plan);
      metrics.outOfOrder(plan.outOfOrder());
    }
    long now = context.currentSystemTimeMs();
    for (int i = 0; i < batch.size(); i++) {
      emit(batch.get(i), scores.get(i), now);
    }
    thresholds.flush();
  }

  private List<RecentRecords.Observed> observed(List<Waiting> batch) {
    List<RecentRecords.Observed> out = new ArrayList<>(batch.size());
    for (Waiting w : batch) {
      out.add(new RecentRecords.Observed(w.key(),
          active.features().eventTime(w.record(), w.source().timestamp()), w.row()));
    }
    return out;
  }

  private void emit(Waiting w, RecordScore score, long now) {
    PendingRecord source = w.source();
    if (!Double.isFinite(score.score())) {
      deadLetter(source, DeadLetterReason.SCORING_FAILED, "score is " + score.score()
          + ": a value far outside the training range overflowed the model");
      return;
    }
    ServingModel model = active.model();
    RecordFeatures features = active.features();
    String key = w.key();
    ScoreThreshold judge = thresholds.of(model, key);
    double threshold = judge.threshold();
    judge.offer(score.score());
    metrics.threshold(model.version(), threshold);
    AnomalyRecordBuilder.Scored scored = new AnomalyRecordBuilder.Scored(source, key,
        features.eventTime(w.record(), source.timestamp()), w.row(), score,
        model.bundle().featureSpec().features(), model.bundle().thresholds(), threshold, model.version());

    Headers headers = new RecordHeaders(source.headers().toArray());
    List<String> imputed = new ArrayList<>();
    for (int j = 0; j < w.row().length; j++) {
      if (Double.isNaN(w.row()[j])) {
        String name = scored.features().get(j).name();
        imputed.add(name);
        metrics.imputed(name);
      }
    }
    headers.add(OutputHeaders.IMPUTED, String.join(",", imputed).getBytes(StandardCharsets.UTF_8));
    headers.add(OutputHeaders.MODEL_VERSION, active.versionHeader());
    // Nothing to fill and written with the serving schema: the input's bytes are the output's.
    byte[] filled = imputed.isEmpty() && active.codec().writtenWithThisSchema(source.value()) ? source.value()
        : active.codec().encode(features.filled(w.record(), w.row(), score.expected()));
    forward(source, filled, headers, TopologySettings.IMPUTED_SINK, settings.imputedTopic());

    // A score or an alert names its model in its value: a header would repeat 36 bytes per record.
    forward(source, scoreCodec.encode(outputs.score(scored, now)), new RecordHeaders(),
        TopologySettings.SCORES_SINK, settings.scoresTopic());
    boolean anomalous = scored.anomalous();
    if (anomalous) {
      forward(source, alertCodec.encode(outputs.alert(scored)), new RecordHeaders(),
          TopologySettings.ALERTS_SINK, settings.alertsTopic());
    }
    for (IncidentDesk.Event e : incidents.offer(scored, threshold, now)) {
      forwardIncident(e, scored.eventTime(), now);
    }
    metrics.scored(score.score(), score.scoreStd(), anomalous,
        score.samples() > 0 && score.samples() < model.bundle().manifest().scoring().samples());
    metrics.endToEnd((now - source.timestamp()) / 1000.0);
  }

  private void forwardIncident(IncidentDesk.Event e, long timestamp, long now) {
    byte[] key = e.key() == null ? null : bytes(e.key());
    context.forward(new Record<>(key, incidentCodec.encode(e.record()), timestamp, new RecordHeaders()),
        TopologySettings.INCIDENTS_SINK);
    metrics.recordOut(settings.paging().incidentsTopic());
    if ("OPENED".equals(e.change())) {
      metrics.incidentOpened(active.model().version());
      LOG.debug("Incident {} opened on key {}", e.record().get("incident_id"), e.key());
    } else if ("RESOLVED".equals(e.change())) {
      metrics.incidentResolved(active.model().version(), e.reason().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private void forward(PendingRecord source, byte[] value, Headers headers, String sink, String topic) {
    context.forward(new Record<>(source.key(), value, source.timestamp(), headers), sink);
    metrics.recordOut(topic);
  }

  /** The record unchanged, with why and where from in the headers Kafka's own dead-letter queue uses. */
  private void deadLetter(PendingRecord source, DeadLetterReason reason, String message) {
    LOG.warn("Dead letter {} from {}: {}", reason.label(), source.origin(), message);
    Headers headers = new RecordHeaders(source.headers().toArray());
    headers.add(OutputHeaders.DEAD_LETTER_REASON, bytes(reason.label()));
    headers.add(OutputHeaders.ERROR_EXCEPTION, bytes(reason.name()));
    headers.add(OutputHeaders.ERROR_MESSAGE, bytes(message));
    headers.add(OutputHeaders.ERROR_TOPIC, bytes(source.topic()));
    headers.add(OutputHeaders.ERROR_PARTITION, bytes(Integer.toString(source.partition())));
    headers.add(OutputHeaders.ERROR_OFFSET, bytes(Long.toString(source.offset())));
    if (active != null) {
      headers.add(OutputHeaders.MODEL_VERSION, active.versionHeader());
    }
    forward(source, source.value(), headers, TopologySettings.DEAD_LETTER_SINK, settings.deadLetterTopic());
    metrics.deadLetter(reason);
  }

  private static byte[] intBytes(int n) {
    return ByteBuffer.allocate(Integer.BYTES).putInt(n).array();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Takes the holder's newest model if it differs from this task's; only between batches. */
  private void adoptLatestModel() {
    ServingModel latest = models.current();
    if (latest == null) {
      throw new IllegalStateException("no model is serving; the service starts its topology only after one");
    }
    if (active != null && active.model() == latest) {
      return;
    }
    RecordScorer scorer;
    try {
      scorer = models.scorers().open(latest.bundle());
    } catch (BundleFormatException | RuntimeException e) {
      if (active == null) {
        throw new IllegalStateException("cannot load model " + latest.version() + ": " + e.getMessage(), e);
      }
      LOG.error("Task {} cannot load model {}; keeps scoring with {}", context.taskId(), latest.version(),
          active.model().version(), e);
      return;
    }
    if (active != null) {
      active.scorer().close();
    }
    String fixed = settings.paging().policy().whyStatic(latest.bundle().thresholds());
    if (fixed != null && settings.paging().policy().mode() != ThresholdPolicy.Mode.STATIC) {
      LOG.warn("Model {} keeps its calibrated threshold {}: {}", latest.version(), latest.threshold(), fixed);
    }
    String noLevel = settings.paging().policy().whyNoLevel(latest.bundle().thresholds());
    if (noLevel != null) {
      LOG.warn("Model {}'s threshold follows the stream as SPOT, without a moving level: {}", latest.version(),
          noLevel);
    }
    active = new ActiveModel(latest, scorer, new SingleObjectCodec(latest.inputSchema(), models.writers()),
        new RecordFeatures(latest.bundle().featureSpec(), latest.inputSchema()), bytes(latest.version()));
    metrics.scoringWith(latest.version());
  }

  @Override
  public void close() {
    if (incidents != null) {
      metrics.incidentsMoved(-incidents.openCount());
    }
    if (active != null) {
      active.scorer().close();
    }
  }
}
