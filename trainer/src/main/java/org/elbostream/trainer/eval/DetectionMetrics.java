package org.elbostream.trainer.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.elbostream.trainer.eval.measure.AffiliationF;
import org.elbostream.trainer.eval.measure.EventF1;
import org.elbostream.trainer.eval.measure.OracleThresholds;
import org.elbostream.trainer.eval.measure.PointAdjustedF1;
import org.elbostream.trainer.eval.measure.RangeF1;
import org.elbostream.trainer.eval.measure.RankingMeasures;
import org.elbostream.trainer.eval.measure.VolumeUnderSurface;

/**
 * One detector's scores judged against 0/1 labels (higher score = more anomalous) by TSB-AD's
 * measures, VUS-PR first, its headline. The F-scores but the last three are oracle figures, the best
 * over thresholds chosen with the labels; the last three are what the detector's own label-free
 * threshold gives, what on-call would actually get.
 *
 * @param vusPr volume under the range-PR surface
 * @param vusRoc volume under the range-ROC surface
 * @param aucPr average precision
 * @param aucRoc area under the ROC curve
 * @param standardF1 best point-wise F1
 * @param eventF1 best event-based F1
 * @param rangeF1 best range-based F1
 * @param affiliationF best affiliation F
 * @param paF1 best point-adjusted F1, for comparison with older papers only
 * @param atThreshold event-based F1, precision and recall flagging score &gt; the detector's own
 *     threshold (as the service moves it, for our model); NaN when it has none
 * @param normalAboveThreshold the share of normal (unlabelled) rows that score above the detector's
 *     own threshold: its false-alarm rate, which drift from the training period drives up; NaN
 *     when it has no threshold
 * @param incidents what the service would have paged, at the same thresholds
 */
public record DetectionMetrics(double vusPr, double vusRoc, double aucPr, double aucRoc, double standardF1,
    double eventF1, double rangeF1, double affiliationF, double paF1, EventF1 atThreshold,
    double normalAboveThreshold, IncidentMeasures incidents) {

  /** A row of the results table: its JSON key, its label, its value, and which way is better. */
  public record Measure(String key, String label, ToDoubleFunction<DetectionMetrics> value, boolean lowerIsBetter) {
    Measure(String key, String label, ToDoubleFunction<DetectionMetrics> value) {
      this(key, label, value, false);
    }
  }

  /** Every measure, in the order of the table and the JSON. */
  public static final List<Measure> MEASURES = List.of(
      new Measure("vus_pr", "VUS-PR", DetectionMetrics::vusPr),
      new Measure("vus_roc", "VUS-ROC", DetectionMetrics::vusRoc),
      new Measure("auc_pr", "AUC-PR", DetectionMetrics::aucPr),
      new Measure("auc_roc", "AUC-ROC", DetectionMetrics::aucRoc),
      new Measure("standard_f1", "Standard-F1 (oracle)", DetectionMetrics::standardF1),
      new Measure("event_f1", "Event-F1 (oracle)", DetectionMetrics::eventF1),
      new Measure("range_f1", "Range-F1 (oracle)", DetectionMetrics::rangeF1),
      new Measure("affiliation_f", "Affiliation-F (oracle)", DetectionMetrics::affiliationF),
      new Measure("pa_f1", "(PA-F1, oracle)", DetectionMetrics::paF1),
      new Measure("threshold_event_f1", "Event-F1 @ own threshold", m -> m.atThreshold().f1()),
      new Measure("threshold_precision", "precision @ own threshold", m -> m.atThreshold().precision()),
      new Measure("threshold_recall", "event recall @ own threshold", m -> m.atThreshold().recall()),
      new Measure("normal_above_threshold", "normal rows above own threshold", DetectionMetrics::normalAboveThreshold,
          true),
      new Measure("incident_recall", "segments found by incidents", m -> m.incidents().segmentRecall()),
      new Measure("false_incidents", "false incidents", m -> m.incidents().falseIncidents(), true),
      new Measure("false_incidents_per_day", "false incidents per normal day", m -> m.incidents().falsePerDay(),
          true),
      new Measure("incident_delay", "median delay of incidents (rows)", m -> m.incidents().medianDelay(), true));

  /** The incident measures: in {@code eval --json} they sit in their own {@code incidents} object. */
  private static final int INCIDENT_MEASURES = 4;

  /** Judged at one fixed threshold (NaN for none), under the default incident rules, rows a minute apart. */
  public static DetectionMetrics of(double[] scores, boolean[] labels, double threshold, int bufferLength) {
    return of(scores, labels, OperatingPoint.fixed(threshold, scores.length), bufferLength, OperatingPoint.defaults());
  }

  /**
   * @param thresholds the threshold each row is judged by (flag when score &gt; it), null for none
   * @param bufferLength the VUS buffer length
   * @param operatingPoint the incident rules and the interval between rows
   */
  public static DetectionMetrics of(double[] scores, boolean[] labels, double[] thresholds, int bufferLength,
      OperatingPoint operatingPoint) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(scores.length + " scores for " + labels.length + " labels");
    }
    int positives = 0;
    for (boolean l : labels) {
      positives += l ? 1 : 0;
    }
    if (positives == 0 || positives == labels.length) {
      throw new IllegalArgumentException("the labels mark " + (positives == 0 ? "no" : "every") + " row as"
          + " anomalous: the measures need both normal and anomalous rows");
    }
    for (double s : scores) {
      if (!Double.isFinite(s)) {
        throw new IllegalArgumentException("a score is " + s + ": the measures need finite scores");
      }
    }
    RankingMeasures ranking = RankingMeasures.of(scores, labels);
    VolumeUnderSurface vus = VolumeUnderSurface.of(scores, labels, bufferLength);
    EventF1 atThreshold = thresholds == null ? new EventF1(Double.NaN, Double.NaN, Double.NaN)
        : EventF1.of(labels, flags(scores, thresholds));
    return new DetectionMetrics(vus.vusPr(), vus.vusRoc(), ranking.aucPr(), ranking.aucRoc(), ranking.standardF1(),
        EventF1.best(scores, labels), RangeF1.best(scores, labels), AffiliationF.best(scores, labels),
        PointAdjustedF1.best(scores, labels), atThreshold, normalAbove(scores, labels, thresholds),
        IncidentMeasures.of(scores, labels, thresholds, operatingPoint.rules(), operatingPoint.intervalMillis()));
  }

  private static boolean[] flags(double[] scores, double[] thresholds) {
    boolean[] out = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      out[i] = scores[i] > thresholds[i];
    }
    return out;
  }

  private static double normalAbove(double[] scores, boolean[] labels, double[] thresholds) {
    if (thresholds == null) {
      return Double.NaN;
    }
    int normal = 0;
    int above = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!labels[i]) {
        normal++;
        above += scores[i] > thresholds[i] ? 1 : 0;
      }
    }
    return (double) above / normal;
  }

  /** Every point-wise measure by its JSON key, and the incident figures in an object {@code incidents}. */
  public Map<String, Object> json() {
    Map<String, Object> out = new LinkedHashMap<>();
    MEASURES.subList(0, MEASURES.size() - INCIDENT_MEASURES)
        .forEach(m -> out.put(m.key(), m.value().applyAsDouble(this)));
    out.put("incidents", incidents.json());
    return out;
  }
}
