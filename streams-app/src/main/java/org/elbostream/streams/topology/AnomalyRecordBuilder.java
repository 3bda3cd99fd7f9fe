package org.elbostream.streams.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.imputation.FieldEstimate;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.threshold.Thresholds;
import org.elbostream.streams.config.Contributions;
import org.elbostream.streams.serde.OutputSchemas;

/** Builds the AnomalyScore and AnomalyAlert records of one scored input record; one per task. */
final class AnomalyRecordBuilder {
  private static final Schema IMPUTED_FIELD = OutputSchemas.SCORE.getField("imputed").schema().getElementType();
  private static final Schema EVIDENCE = OutputSchemas.ALERT.getField("top_fields").schema().getElementType();
  private static final Schema SEVERITY = OutputSchemas.ALERT.getField("severity").schema();

  private final int topFields;
  private final Contributions contributions;

  AnomalyRecordBuilder(int topFields, Contributions contributions) {
    this.topFields = topFields;
    this.contributions = contributions;
  }

  /**
   * What a scored record is: its origin, row, score, the model that scored it, and the threshold it
   * was judged by (the model's calibrated one, or a streaming threshold as it stood).
   */
  record Scored(PendingRecord source, String key, long eventTime, double[] row, RecordScore score,
      List<FieldSpec> features, Thresholds thresholds, double threshold, String modelVersion) {
    boolean anomalous() {
      return !(score.score() <= threshold);
    }
  }

  GenericRecord score(Scored s, long scoredAt) {
    GenericData.Record r = new GenericData.Record(OutputSchemas.SCORE);
    r.put(Score.KEY, s.key());
    r.put(Score.EVENT_TIME, s.eventTime());
    r.put(Score.SOURCE_TOPIC, s.source().topic());
    r.put(Score.SOURCE_PARTITION, s.source().partition());
    r.put(Score.SOURCE_OFFSET, s.source().offset());
    r.put(Score.SCORE, s.score().score());
    r.put(Score.THRESHOLD, s.threshold());
    r.put(Score.ANOMALY, s.anomalous());
    r.put(Score.KL, s.score().kl());
    List<GenericRecord> imputed = new ArrayList<>();
    for (int j = 0; j < s.row().length; j++) {
      if (Double.isNaN(s.row()[j])) {
        FieldSpec f = s.features().get(j);
        FieldEstimate e = s.score().expected()[j];
        GenericData.Record i = new GenericData.Record(IMPUTED_FIELD);
        i.put(Imputed.POSITION, j);
        i.put(Imputed.VALUE, e.value());
        i.put(Imputed.SPREAD, (float) e.spread());
        i.put(Imputed.PROBABILITY, Double.isNaN(e.probability()) ? null : e.probability());
        i.put(Imputed.LABEL, RecordFeatures.label(f, e.value()));
        i.put(Imputed.SAMPLES, e.samples());
        imputed.add(i);
      }
    }
    putContributions(r, s);
    r.put(Score.IMPUTED, imputed);
    double spread = s.score().scoreStd();
    r.put(Score.SAMPLES, s.score().samples());
    r.put(Score.SCORE_STD, Double.isNaN(spread) ? null : spread);
    r.put(Score.OPERATING_MODE, s.score().mode());
    r.put(Score.MODEL_VERSION, s.modelVersion());
    r.put(Score.SCORED_AT, scoredAt);
    return r;
  }

  /**
   * The contributions as floats, by position rather than by name: a name per field per record
   * was most of a score record's bytes. A missing field contributes 0, the score being over the
   * observed fields.
   */
  private void putContributions(GenericData.Record r, Scored s) {
    double[] nll = s.score().fieldNll();
    double[] row = s.row();
    if (contributions.all()) {
      List<Float> all = new ArrayList<>(row.length);
      for (int j = 0; j < row.length; j++) {
        all.add(Double.isNaN(row[j]) ? 0f : (float) nll[j]);
      }
      r.put(Score.CONTRIBUTIONS, all);
      r.put(Score.CONTRIBUTION_FIELDS, null);
      return;
    }
    List<Integer> largest = largestObserved(row, nll, contributions.top());
    List<Float> values = new ArrayList<>(largest.size());
    for (int j : largest) {
      values.add((float) nll[j]);
    }
    r.put(Score.CONTRIBUTIONS, values);
    r.put(Score.CONTRIBUTION_FIELDS, largest);
  }

  /** Positions of the {@code k} observed fields with the largest contributions, largest first. */
  private static List<Integer> largestObserved(double[] row, double[] nll, int k) {
    List<Integer> observed = new ArrayList<>();
    for (int j = 0; j < row.length; j++) {
      if (!Double.isNaN(row[j])) {
        observed.add(j);
      }
    }
    observed.sort(Comparator.comparingDouble((Integer j) -> -nll[j]));
    return new ArrayList<>(observed.subList(0, Math.min(k, observed.size())));
  }

  /** Field positions of AnomalyScore: setting a field by position skips a lookup by name. */
  private static final class Score {
    static final int KEY = pos("key");
    static final int EVENT_TIME = pos("event_time");
    static final int SOURCE_TOPIC = pos("source_topic");
    static final int SOURCE_PARTITION = pos("source_partition");
    static final int SOURCE_OFFSET = pos("source_offset");
    static final int SCORE = pos("score");
    static final int THRESHOLD = pos("threshold");
    static final int ANOMALY = pos("anomaly");
    static final int KL = pos("kl");
    static final int CONTRIBUTIONS = pos("contributions");
    static final int CONTRIBUTION_FIELDS = pos("contribution_fields");
    static final int IMPUTED = pos("imputed");
    static final int SAMPLES = pos("samples");
    static final int SCORE_STD = pos("score_std");
    static final int OPERATING_MODE = pos("operating_mode");
    static final int MODEL_VERSION = pos("model_version");
    static final int SCORED_AT = pos("scored_at");

    private static int pos(String name) {
      return OutputSchemas.SCORE.getField(name).pos();
    }
  }

  /** Field positions of AnomalyScore's ImputedField. */
  private static final class Imputed {
    static final int POSITION = pos("position");
    static final int VALUE = pos("value");
    static final int SPREAD = pos("spread");
    static final int PROBABILITY = pos("probability");
    static final int LABEL = pos("label");
    static final int SAMPLES = pos("samples");

    private static int pos(String name) {
      return IMPUTED_FIELD.getField(name).pos();
    }
  }

  GenericRecord alert(Scored s) {
    GenericData.Record r = new GenericData.Record(OutputSchemas.ALERT);
    double score = s.score().score();
    r.put("key", s.key());
    r.put("event_time", s.eventTime());
    r.put("score", score);
    r.put("threshold", s.threshold());
    r.put("severity", new GenericData.EnumSymbol(SEVERITY, Severity.of(s.thresholds(), score)));
    double p = Severity.tailProbability(s.thresholds(), score);
    r.put("tail_probability", Double.isNaN(p) ? null : p);
    double[] nll = s.score().fieldNll();
    List<GenericRecord> top = new ArrayList<>();
    for (int j : largestObserved(s.row(), nll, topFields)) {
      FieldSpec f = s.features().get(j);
      FieldEstimate e = s.score().expected()[j];
      GenericData.Record ev = new GenericData.Record(EVIDENCE);
      ev.put("field", f.name());
      ev.put("contribution", nll[j]);
      ev.put("observed", s.row()[j]);
      ev.put("expected", e.value());
      ev.put("expected_spread", e.spread());
      String seen = RecordFeatures.label(f, s.row()[j]);
      ev.put("label", seen == null ? null : seen + ", expected " + RecordFeatures.label(f, e.value()));
      top.add(ev);
    }
    r.put("top_fields", top);
    r.put("score_std", Double.isNaN(s.score().scoreStd()) ? null : s.score().scoreStd());
    r.put("operating_mode", s.score().mode());
    r.put("source_topic", s.source().topic());
    r.put("source_partition", s.source().partition());
    r.put("source_offset", s.source().offset());
    r.put("model_version", s.modelVersion());
    return r;
  }
}
