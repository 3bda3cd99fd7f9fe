package org.elbostream.streams.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.imputation.FieldEstimate;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.threshold.Thresholds;
import org.elbostream.streams.serde.OutputSchemas;

/** Builds the AnomalyScore and AnomalyAlert records of one scored input record. */
final class ScoreRecords {
  private static final Schema IMPUTED_FIELD = OutputSchemas.SCORE.getField("imputed").schema().getElementType();
  private static final Schema EVIDENCE = OutputSchemas.ALERT.getField("top_fields").schema().getElementType();
  private static final Schema SEVERITY = OutputSchemas.ALERT.getField("severity").schema();

  private final int topFields;

  ScoreRecords(int topFields) {
    this.topFields = topFields;
  }

  /** What a scored record is: its origin, row, score and the model that scored it. */
  record Scored(PendingRecord source, String key, long eventTime, double[] row, RecordScore score,
      List<FieldSpec> features, Thresholds thresholds, String modelVersion) {
    boolean anomalous() {
      return score.score() > thresholds.threshold();
    }
  }

  GenericRecord score(Scored s, long scoredAt) {
    GenericData.Record r = new GenericData.Record(OutputSchemas.SCORE);
    r.put("key", s.key());
    r.put("event_time", s.eventTime());
    r.put("source_topic", s.source().topic());
    r.put("source_partition", s.source().partition());
    r.put("source_offset", s.source().offset());
    r.put("score", s.score().score());
    r.put("threshold", s.thresholds().threshold());
    r.put("anomaly", s.anomalous());
    r.put("kl", s.score().kl());
    Map<String, Double> contributions = new LinkedHashMap<>();
    List<GenericRecord> imputed = new ArrayList<>();
    for (int j = 0; j < s.row().length; j++) {
      FieldSpec f = s.features().get(j);
      if (Double.isNaN(s.row()[j])) {
        FieldEstimate e = s.score().expected()[j];
        GenericData.Record i = new GenericData.Record(IMPUTED_FIELD);
        i.put("field", f.name());
        i.put("value", e.value());
        i.put("spread", e.spread());
        i.put("probability", Double.isNaN(e.probability()) ? null : e.probability());
        i.put("label", RecordFeatures.label(f, e.value()));
        i.put("samples", e.samples());
        imputed.add(i);
      } else {
        contributions.put(f.name(), s.score().fieldNll()[j]);
      }
    }
    r.put("contributions", contributions);
    r.put("imputed", imputed);
    r.put("model_version", s.modelVersion());
    r.put("scored_at", scoredAt);
    return r;
  }

  GenericRecord alert(Scored s) {
    GenericData.Record r = new GenericData.Record(OutputSchemas.ALERT);
    double score = s.score().score();
    r.put("key", s.key());
    r.put("event_time", s.eventTime());
    r.put("score", score);
    r.put("threshold", s.thresholds().threshold());
    r.put("severity", new GenericData.EnumSymbol(SEVERITY, Severity.of(s.thresholds(), score)));
    double p = Severity.tailProbability(s.thresholds(), score);
    r.put("tail_probability", Double.isNaN(p) ? null : p);
    List<Integer> observed = new ArrayList<>();
    for (int j = 0; j < s.row().length; j++) {
      if (!Double.isNaN(s.row()[j])) {
        observed.add(j);
      }
    }
    double[] nll = s.score().fieldNll();
    observed.sort(Comparator.comparingDouble((Integer j) -> -nll[j]));
    List<GenericRecord> top = new ArrayList<>();
    for (int j : observed.subList(0, Math.min(topFields, observed.size()))) {
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
    r.put("source_topic", s.source().topic());
    r.put("source_partition", s.source().partition());
    r.put("source_offset", s.source().offset());
    r.put("model_version", s.modelVersion());
    return r;
  }
}
