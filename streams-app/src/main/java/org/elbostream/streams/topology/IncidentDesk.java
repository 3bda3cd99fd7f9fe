package org.elbostream.streams.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.imputation.FieldEstimate;
import org.elbostream.model.incident.IncidentRules;
import org.elbostream.model.incident.IncidentTracker;
import org.elbostream.streams.serde.OutputSchemas;

/**
 * One stream task's incidents: each key's {@link IncidentTracker} and what an incident event
 * reports beyond it (its id, the fields' summed contributions, the evidence at the peak), kept in a
 * changelogged store keyed by the entity key. The store commits with the outputs, so after a crash
 * the task replays from its last commit with the incident state of that commit: an incident is not
 * opened twice, nor a RESOLVED lost.
 */
final class IncidentDesk {
  private static final Schema EVENT = OutputSchemas.INCIDENT.getField("event").schema();
  private static final Schema REASON = OutputSchemas.INCIDENT.getField("reason").schema().getTypes().get(1);
  private static final Schema FIELD = OutputSchemas.INCIDENT.getField("top_fields").schema().getElementType();
  static final String QUIET = "QUIET";
  static final String SILENT = "SILENT";

  private final KeyValueStore<String, byte[]> store;
  private final IncidentRules rules;
  private final long updateMs;
  private final int topFields;
  /** Keys with an open incident, for the punctuation that resolves silent ones. */
  private final Set<String> open = new HashSet<>();

  IncidentDesk(KeyValueStore<String, byte[]> store, IncidentRules rules, long updateMs, int topFields) {
    this.store = store;
    this.rules = rules;
    this.updateMs = updateMs;
    this.topFields = topFields;
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> e = all.next();
        if (KeyIncident.read(rules, e.value).tracker().open().isPresent()) {
          open.add(e.key);
        }
      }
    }
  }

  /** Open incidents in this task. */
  int openCount() {
    return open.size();
  }

  /** An incident event to forward, keyed by the entity key. */
  record Event(String key, String change, String reason, GenericRecord record) {}

  /**
   * A key's state beside its tracker, while an incident is open: what its events report. Arrays are
   * per field, in the model's field order.
   */
  private record KeyIncident(IncidentTracker tracker, String id, long lastUpdateTime, boolean updatePending,
      long lastSeenMs, double peakThreshold, double peakTail, int peakPartition, long peakOffset, double[] sums,
      double[] observed, double[] expected, double[] spread) {

    static KeyIncident fresh(IncidentTracker tracker) {
      return new KeyIncident(tracker, null, 0, false, 0, Double.NaN, Double.NaN, -1, -1, null, null, null, null);
    }

    static KeyIncident read(IncidentRules rules, byte[] raw) {
      ByteBuffer in = ByteBuffer.wrap(raw);
      byte[] trackerState = new byte[in.getInt()];
      in.get(trackerState);
      IncidentTracker tracker = IncidentTracker.restore(rules, trackerState);
      if (in.get() == 0) {
        return fresh(tracker);
      }
      byte[] id = new byte[in.getInt()];
      in.get(id);
      long lastUpdateTime = in.getLong();
      boolean pending = in.get() == 1;
      long lastSeen = in.getLong();
      double peakThreshold = in.getDouble();
      double peakTail = in.getDouble();
      int partition = in.getInt();
      long offset = in.getLong();
      int width = in.getInt();
      double[][] arrays = new double[4][width];
      for (double[] a : arrays) {
        for (int j = 0; j < width; j++) {
          a[j] = in.getDouble();
        }
      }
      return new KeyIncident(tracker, new String(id, StandardCharsets.UTF_8), lastUpdateTime, pending, lastSeen,
          peakThreshold, peakTail, partition, offset, arrays[0], arrays[1], arrays[2], arrays[3]);
    }

    byte[] bytes() {
      byte[] trackerState = tracker.state();
      boolean extras = id != null;
      byte[] idBytes = extras ? id.getBytes(StandardCharsets.UTF_8) : new byte[0];
      int width = extras ? sums.length : 0;
      ByteBuffer out = ByteBuffer.allocate(4 + trackerState.length + 1
          + (extras ? 4 + idBytes.length + 8 + 1 + 8 + 8 + 8 + 4 + 8 + 4 + 4 * 8 * width : 0));
      out.putInt(trackerState.length).put(trackerState).put((byte) (extras ? 1 : 0));
      if (extras) {
        out.putInt(idBytes.length).put(idBytes).putLong(lastUpdateTime).put((byte) (updatePending ? 1 : 0))
            .putLong(lastSeenMs).putDouble(peakThreshold).putDouble(peakTail).putInt(peakPartition).putLong(peakOffset)
            .putInt(width);
        for (double[] a : List.of(sums, observed, expected, spread)) {
          for (double v : a) {
            out.putDouble(v);
          }
        }
      }
      return out.array();
    }
  }

  /**
   * Takes a scored record judged by {@code threshold}: the incident events it makes, OPENED,
   * UPDATED or RESOLVED.
   */
  List<Event> offer(AnomalyRecordBuilder.Scored s, double threshold, long now) {
    String key = s.key() == null ? "" : s.key();
    byte[] raw = store.get(key);
    KeyIncident state = raw == null ? KeyIncident.fresh(new IncidentTracker(rules)) : KeyIncident.read(rules, raw);
    IncidentTracker tracker = state.tracker();
    double score = s.score().score();
    Optional<IncidentTracker.Event> change = tracker.offer(s.eventTime(), score, threshold);
    List<Event> out = new ArrayList<>(1);
    boolean crossed = !(score <= threshold);
    KeyIncident next = state;
    if (change.isPresent() && change.get().change() == IncidentTracker.Change.RESOLVED) {
      out.add(event(s.key(), "RESOLVED", QUIET, change.get().incident(), state, s.features(), s.modelVersion(), now));
      open.remove(key);
      next = KeyIncident.fresh(tracker);
    } else if (tracker.open().isPresent()) {
      IncidentTracker.Incident incident = tracker.open().get();
      boolean opened = change.isPresent() && change.get().change() == IncidentTracker.Change.OPENED;
      boolean peak = opened || change.isPresent();
      int width = s.row().length;
      double[] sums = opened || state.sums() == null || state.sums().length != width ? new double[width]
          : state.sums();
      if (crossed) {
        double[] nll = s.score().fieldNll();
        for (int j = 0; j < width; j++) {
          sums[j] += Double.isNaN(s.row()[j]) ? 0 : nll[j];
        }
      }
      String id = opened ? UUID.nameUUIDFromBytes((key + "|" + incident.startTime() + "|" + incident.start())
          .getBytes(StandardCharsets.UTF_8)).toString() : state.id();
      double[] observed = state.observed();
      double[] expected = state.expected();
      double[] spread = state.spread();
      double peakThreshold = state.peakThreshold();
      double peakTail = state.peakTail();
      int partition = state.peakPartition();
      long offset = state.peakOffset();
      if (peak || observed == null || observed.length != width) {
        observed = s.row().clone();
        expected = new double[width];
        spread = new double[width];
        for (int j = 0; j < width; j++) {
          FieldEstimate e = s.score().expected()[j];
          expected[j] = e.value();
          spread[j] = e.spread();
        }
        peakThreshold = threshold;
        peakTail = Severity.tailProbability(s.thresholds(), score);
        partition = s.source().partition();
        offset = s.source().offset();
      }
      boolean pending = !opened && (state.updatePending() || peak);
      long lastUpdate = opened ? s.eventTime() : state.lastUpdateTime();
      next = new KeyIncident(tracker, id, lastUpdate, pending, now, peakThreshold, peakTail, partition, offset, sums,
          observed, expected, spread);
      if (opened) {
        open.add(key);
        out.add(event(s.key(), "OPENED", null, incident, next, s.features(), s.modelVersion(), now));
      } else if (pending && s.eventTime() - lastUpdate >= updateMs) {
        next = new KeyIncident(tracker, id, s.eventTime(), false, now, peakThreshold, peakTail, partition, offset,
            sums, observed, expected, spread);
        out.add(event(s.key(), "UPDATED", null, incident, next, s.features(), s.modelVersion(), now));
      }
    }
    store.put(key, next.bytes());
    return out;
  }

  /** Resolves, with reason SILENT, each open incident whose key has sent nothing for {@code silenceMs}. */
  List<Event> resolveSilent(long now, long silenceMs, List<FieldSpec> features, String modelVersion) {
    List<Event> out = new ArrayList<>();
    for (String key : List.copyOf(open)) {
      byte[] raw = store.get(key);
      KeyIncident state = raw == null ? null : KeyIncident.read(rules, raw);
      if (state == null || state.tracker().open().isEmpty()) {
        open.remove(key);
        continue;
      }
      if (now - state.lastSeenMs() < silenceMs) {
        continue;
      }
      IncidentTracker.Incident incident = state.tracker().resolve().orElseThrow().incident();
      out.add(event(key.isEmpty() ? null : key, "RESOLVED", SILENT, incident, state, features, modelVersion, now));
      open.remove(key);
      store.put(key, KeyIncident.fresh(state.tracker()).bytes());
    }
    return out;
  }

  private Event event(String key, String change, String reason, IncidentTracker.Incident incident, KeyIncident state,
      List<FieldSpec> features, String modelVersion, long now) {
    GenericData.Record r = new GenericData.Record(OutputSchemas.INCIDENT);
    r.put("incident_id", state.id());
    r.put("key", key);
    r.put("event", new GenericData.EnumSymbol(EVENT, change));
    r.put("reason", reason == null ? null : new GenericData.EnumSymbol(REASON, reason));
    r.put("start_time", incident.startTime());
    r.put("end_time", incident.endTime());
    r.put("peak_score", incident.peak());
    r.put("peak_time", incident.peakTime());
    r.put("peak_tail_probability", Double.isNaN(state.peakTail()) ? null : state.peakTail());
    r.put("records", incident.records());
    r.put("threshold", state.peakThreshold());
    r.put("top_fields", topFields(state, features));
    r.put("peak_source_partition", state.peakPartition());
    r.put("peak_source_offset", state.peakOffset());
    r.put("model_version", modelVersion);
    r.put("emitted_at", now);
    return new Event(key, change, reason, r);
  }

  /** The fields with the most nats over the incident, with what was seen and expected at the peak. */
  private List<GenericRecord> topFields(KeyIncident state, List<FieldSpec> features) {
    double[] sums = state.sums();
    List<GenericRecord> out = new ArrayList<>();
    if (sums == null || sums.length != features.size()) {
      return out;
    }
    List<Integer> order = new ArrayList<>();
    for (int j = 0; j < sums.length; j++) {
      // A field missing at the peak has no evidence to show there.
      if (!Double.isNaN(state.observed()[j])) {
        order.add(j);
      }
    }
    order.sort(Comparator.comparingDouble((Integer j) -> -sums[j]));
    for (int j : order.subList(0, Math.min(topFields, order.size()))) {
      GenericData.Record f = new GenericData.Record(FIELD);
      f.put("field", features.get(j).name());
      f.put("contribution", sums[j]);
      f.put("observed", Double.isNaN(state.observed()[j]) ? null : state.observed()[j]);
      f.put("expected", state.expected()[j]);
      f.put("expected_spread", state.spread()[j]);
      out.add(f);
    }
    return out;
  }
}
