package org.elbostream.trainer.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.eval.baseline.Baseline;
import org.elbostream.trainer.eval.baseline.BaselineSettings;
import org.elbostream.trainer.eval.baseline.Detector;
import org.elbostream.trainer.eval.measure.BufferLength;

/**
 * Our model and the chosen baselines scored on the same labelled rows in the same run and judged by
 * the same measures, so their figures compare directly.
 *
 * @param detectors our model first, then the baselines in the order asked
 * @param rows test rows
 * @param anomalies labelled anomalous rows
 * @param bufferLength the VUS buffer length, from the test rows' first column
 * @param seconds wall time of the whole comparison, measuring included
 * @param fields our model's score of every row split by field
 * @param labels the test rows' labels
 */
public record Comparison(List<Detected> detectors, int rows, int anomalies, int bufferLength, double seconds,
    FieldTerms fields, boolean[] labels) {

  /** The name of our model's column. */
  public static final String MODEL = "model";

  /**
   * One detector's run.
   *
   * @param name {@link #MODEL} or the baseline's key
   * @param metrics its figures
   * @param threshold its own label-free threshold, as calibrated
   * @param seconds wall time of fitting (baselines), calibrating and scoring, measuring not included
   * @param scores its score of every test row
   * @param thresholds the threshold each row was judged by (ours moves as the service's does); null
   *     for a detector without one
   */
  public record Detected(String name, DetectionMetrics metrics, double threshold, double seconds, double[] scores,
      double[] thresholds) {
    public Map<String, Object> json() {
      Map<String, Object> out = new LinkedHashMap<>(metrics.json());
      out.put("threshold", threshold);
      out.put("seconds", seconds);
      return out;
    }
  }

  /**
   * @param train the rows the baselines are fitted on (the model's training rows); unused when
   *     there are no baselines
   * @param progress hears the fraction of the whole job done
   */
  public static Comparison run(ModelBundle bundle, Table test, boolean[] labels, Table train,
      List<Baseline> baselines, BaselineSettings settings, OperatingPoint operatingPoint, DoubleConsumer progress)
      throws BundleFormatException {
    long start = System.nanoTime();
    double work = test.size() * (1.0 + 2 * baselines.size());
    int bufferLength = BufferLength.ofFirstColumn(test.rows());
    List<Detected> detectors = new ArrayList<>();
    FieldTerms fields = Evaluation.scored(bundle, test, done -> progress.accept(done / work));
    double[] scores = fields.scores();
    double modelSeconds = (System.nanoTime() - start) / 1e9;
    double threshold = bundle.thresholds().threshold();
    double[] thresholds = operatingPoint.thresholds(bundle.thresholds(), scores);
    detectors.add(new Detected(MODEL, DetectionMetrics.of(scores, labels, thresholds, bufferLength, operatingPoint),
        threshold, modelSeconds, scores, thresholds));
    for (int b = 0; b < baselines.size(); b++) {
      double before = test.size() * (1.0 + 2 * b);
      long t0 = System.nanoTime();
      Detector detector = baselines.get(b).fit(train.rows(), settings,
          done -> progress.accept((before + test.size() * (double) done / train.size()) / work));
      double[] s = detector.score(test.rows(), done -> progress.accept((before + test.size() + done) / work));
      double seconds = (System.nanoTime() - t0) / 1e9;
      // The same operating point as ours, started from its own calibration: like for like.
      double[] own = operatingPoint.thresholds(detector.thresholds(), s);
      detectors.add(new Detected(baselines.get(b).key(), DetectionMetrics.of(s, labels, own, bufferLength,
          operatingPoint), detector.thresholds().threshold(), seconds, s, own));
    }
    int anomalies = 0;
    for (boolean l : labels) {
      anomalies += l ? 1 : 0;
    }
    return new Comparison(detectors, test.size(), anomalies, bufferLength, (System.nanoTime() - start) / 1e9,
        fields, labels);
  }

  public Detected model() {
    return detectors.get(0);
  }

  /** The baselines' runs, in order. */
  public List<Detected> baselines() {
    return detectors.subList(1, detectors.size());
  }

  /**
   * The JSON shape: our figures at the top level, each baseline's under {@code baseline.<name>}.
   */
  public Map<String, Object> json(ModelBundle bundle) {
    Map<String, Object> out = new LinkedHashMap<>(model().json());
    out.put("model_version", bundle.version());
    out.put("rows", rows);
    out.put("anomalies", anomalies);
    out.put("buffer_length", bufferLength);
    out.put("total_seconds", seconds);
    out.put("field_terms", fields.json(labels));
    if (!baselines().isEmpty()) {
      Map<String, Object> peers = new LinkedHashMap<>();
      baselines().forEach(d -> peers.put(d.name(), d.json()));
      out.put("baseline", peers);
    }
    return out;
  }

  /**
   * What the service would have paged, per detector: "model: 4 incidents; 3 of 5 labelled anomaly
   * segments detected; 1 false incident (0.50 per normal day); median delay 2 records".
   */
  public String incidentSummary() {
    StringBuilder out = new StringBuilder("Incidents (what on-call would have been paged with):");
    for (Detected d : detectors) {
      IncidentMeasures m = d.metrics().incidents();
      out.append(String.format("%n  %-8s %s", d.name() + ":", m.summary()));
    }
    return out.toString();
  }

  /**
   * The results table: detectors as columns, measures as rows, VUS-PR first, the best value of each
   * row marked with '*', and each detector's seconds.
   */
  public List<String> table() {
    List<String> lines = new ArrayList<>();
    StringBuilder head = new StringBuilder(String.format("%-30s", "measure"));
    detectors.forEach(d -> head.append(String.format(" %10s", d.name())));
    lines.add(head.toString());
    for (DetectionMetrics.Measure m : DetectionMetrics.MEASURES) {
      double best = Double.NaN;
      for (Detected d : detectors) {
        double v = m.value().applyAsDouble(d.metrics());
        best = Double.isNaN(v) ? best : Double.isNaN(best) ? v : m.lowerIsBetter() ? Math.min(best, v) : Math.max(best, v);
      }
      StringBuilder line = new StringBuilder(String.format("%-30s", m.label()));
      for (Detected d : detectors) {
        double v = m.value().applyAsDouble(d.metrics());
        line.append(Double.isNaN(v) ? String.format(" %10s", "-")
            : String.format(" %9.4f%s", v, v == best && detectors.size() > 1 ? "*" : " "));
      }
      lines.add(line.toString());
    }
    StringBuilder time = new StringBuilder(String.format("%-30s", "seconds (fit + score)"));
    detectors.forEach(d -> time.append(String.format(" %9.1f ", d.seconds())));
    lines.add(time.toString());
    return lines;
  }
}
