package org.elbostream.trainer.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.bundle.Provenance;
import org.elbostream.model.threshold.ThresholdCalibrator;
import org.elbostream.trainer.data.Table;

/**
 * Our model and, optionally, Random Cut Forest scored on the same labelled rows in the same run, so
 * their figures can be compared directly.
 *
 * @param model the bundle's figures
 * @param modelSeconds wall time of scoring the test rows with the bundle
 * @param rcf Random Cut Forest's figures, or null
 * @param rcfSeconds wall time of training and scoring RCF
 * @param rows test rows
 * @param anomalies labelled anomalous rows
 * @param scores our score of every test row
 * @param rcfScores RCF's score of every test row, or null
 */
public record Comparison(DetectionMetrics model, double modelSeconds, DetectionMetrics rcf, double rcfSeconds,
    int rows, int anomalies, double[] scores, double[] rcfScores) {

  /**
   * @param rcfTrain rows to train RCF on (the model's training rows), or null for no peer
   * @param progress hears the fraction of the whole job done
   */
  public static Comparison run(ModelBundle bundle, Table test, boolean[] labels, Table rcfTrain,
      DoubleConsumer progress) throws BundleFormatException {
    int peerWork = rcfTrain == null ? 0 : rcfTrain.size() + test.size();
    double total = test.size() + peerWork;
    long start = System.nanoTime();
    double[] scores = Evaluation.score(bundle, test.rows(), done -> progress.accept(done / total));
    double seconds = (System.nanoTime() - start) / 1e9;
    DetectionMetrics ours = DetectionMetrics.of(scores, labels, bundle.thresholds().threshold());
    int anomalies = 0;
    for (boolean l : labels) {
      anomalies += l ? 1 : 0;
    }
    if (anomalies == 0 || anomalies == labels.length) {
      throw new IllegalArgumentException("the labels mark " + (anomalies == 0 ? "no" : "every") + " row as"
          + " anomalous: AUC and F1 need both normal and anomalous rows");
    }
    if (rcfTrain == null) {
      return new Comparison(ours, seconds, null, 0, test.size(), anomalies, scores, null);
    }
    Provenance p = bundle.manifest().provenance();
    double heldOut = (double) p.validationRows() / (p.trainRows() + p.validationRows());
    long t0 = System.nanoTime();
    RcfBaseline rcf = RcfBaseline.train(rcfTrain.rows(), p.seed(), heldOut, ThresholdCalibrator.defaults(),
        done -> progress.accept((test.size() + done) / total));
    double[] rcfScores = rcf.scoreAndUpdate(test.rows(),
        done -> progress.accept((test.size() + rcfTrain.size() + done) / total));
    double rcfSeconds = (System.nanoTime() - t0) / 1e9;
    return new Comparison(ours, seconds, DetectionMetrics.of(rcfScores, labels, rcf.threshold()), rcfSeconds,
        test.size(), anomalies, scores, rcfScores);
  }

  /** The JSON shape: our keys at the top level, the peer's under {@code baseline.rcf}. */
  public Map<String, Object> json(ModelBundle bundle) {
    Map<String, Object> out = new LinkedHashMap<>(Evaluation.json(model, rows, modelSeconds));
    out.put("model_version", bundle.version());
    out.put("threshold", bundle.thresholds().threshold());
    out.put("anomalies", anomalies);
    if (rcf != null) {
      out.put("baseline", Map.of("rcf", Evaluation.json(rcf, rows, rcfSeconds)));
    }
    return out;
  }

  /** Detector name to figures, ours first. */
  public Map<String, DetectionMetrics> shown() {
    Map<String, DetectionMetrics> out = new LinkedHashMap<>();
    out.put("vae", model);
    if (rcf != null) {
      out.put("rcf", rcf);
    }
    return out;
  }
}
