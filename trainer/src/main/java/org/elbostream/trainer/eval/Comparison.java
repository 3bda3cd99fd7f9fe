package org.elbostream.trainer.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleConsumer;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.scoring.Screening;
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
 * @param screening what screening changed; null when the model was not screened
 */
public record Comparison(List<Detected> detectors, int rows, int anomalies, int bufferLength, double seconds,
    FieldTerms fields, boolean[] labels, ScreeningCheck screening) {

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
   * What screening did to our model on these rows: the share of rows it scored with the full count,
   * and the model's measures had every row been scored with it, from a second run on the same model.
   */
  public record ScreeningCheck(Screening screening, double fullCountShare, DetectionMetrics fullCount) {
    public Map<String, Object> json() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("samples", screening.samples());
      out.put("margin", screening.margin());
      out.put("full_count_share", fullCountShare);
      out.put("full_count", fullCount.json());
      return out;
    }
  }

  /**
   * @param train the rows the baselines are fitted on (the model's training rows); unused when
   *     there are no baselines
   * @param screening how our model is screened, as in the service; when it screens, the model is
   *     also scored in full, for {@link #screening}
   * @param progress hears the fraction of the whole job done
   */
  public static Comparison run(ModelBundle bundle, Table test, boolean[] labels, Table train,
      List<Baseline> baselines, BaselineSettings settings, OperatingPoint operatingPoint, Screening screening,
      DoubleConsumer progress) throws BundleFormatException {
    long start = System.nanoTime();
    boolean screens = screening.screens(bundle.manifest().scoring().samples());
    double own = screens ? 2.0 : 1.0;
    double work = test.size() * (own + 2 * baselines.size());
    int bufferLength = BufferLength.ofFirstColumn(test.rows());
    List<Detected> detectors = new ArrayList<>();
    FieldTerms fields = Evaluation.scored(bundle, test, screening, operatingPoint.policy().start(bundle.thresholds()),
        done -> progress.accept(done / work));
    double[] scores = fields.scores();
    double modelSeconds = (System.nanoTime() - start) / 1e9;
    double threshold = bundle.thresholds().threshold();
    double[] thresholds = operatingPoint.thresholds(bundle.thresholds(), scores);
    detectors.add(new Detected(MODEL, DetectionMetrics.of(scores, labels, thresholds, bufferLength, operatingPoint),
        threshold, modelSeconds, scores, thresholds));
    ScreeningCheck check = null;
    if (screens) {
      double[] full = Evaluation.scored(bundle, test, done -> progress.accept((test.size() + done) / work)).scores();
      int fullCount = bundle.manifest().scoring().samples();
      check = new ScreeningCheck(screening, (double) Arrays.stream(fields.samples()).filter(n -> n >= fullCount).count()
          / scores.length, DetectionMetrics.of(full, labels, operatingPoint.thresholds(bundle.thresholds(), full),
          bufferLength, operatingPoint));
    }
    for (int b = 0; b < baselines.size(); b++) {
      double before = test.size() * (own + 2 * b);
      long t0 = System.nanoTime();
      Detector detector = baselines.get(b).fit(train.rows(), settings,
          done -> progress.accept((before + test.size() * (double) done / train.size()) / work));
      double[] s = detector.score(test.rows(), done -> progress.accept((before + test.size() + done) / work));
      double seconds = (System.nanoTime() - t0) / 1e9;
      // The same operating point as ours, started from its own calibration: like for like.
      double[] its = operatingPoint.thresholds(detector.thresholds(), s);
      detectors.add(new Detected(baselines.get(b).key(), DetectionMetrics.of(s, labels, its, bufferLength,
          operatingPoint), detector.thresholds().threshold(), seconds, s, its));
    }
    int anomalies = 0;
    for (boolean l : labels) {
      anomalies += l ? 1 : 0;
    }
    return new Comparison(detectors, test.size(), anomalies, bufferLength, (System.nanoTime() - start) / 1e9,
        fields, labels, check);
  }

  /**
   * "screening (2 samples first, margin 3.0): 4.1 % of rows scored with the full count; VUS-PR 0.4012
   * (every row in full: 0.4020); Event-F1 @ own threshold 0.5100 (0.5100)"; empty when not screened.
   */
  public Optional<String> screeningSummary() {
    if (screening == null) {
      return Optional.empty();
    }
    DetectionMetrics s = model().metrics();
    DetectionMetrics f = screening.fullCount();
    return Optional.of(String.format(Locale.ROOT, "screening (%d samples first, margin %.1f):"
        + " %.1f %% of rows scored with the full count; VUS-PR %.4f (every row in full: %.4f); Event-F1 @ own"
        + " threshold %.4f (%.4f)", screening.screening().samples(), screening.screening().margin(),
        100 * screening.fullCountShare(), s.vusPr(), f.vusPr(), s.atThreshold().f1(), f.atThreshold().f1()));
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
    if (screening != null) {
      out.put("screening", screening.json());
    }
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
