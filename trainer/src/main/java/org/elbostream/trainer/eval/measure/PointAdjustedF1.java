package org.elbostream.trainer.eval.measure;

/**
 * Point-adjusted F1 (Xu et al., "Unsupervised Anomaly Detection via Variational Auto-Encoder for
 * Seasonal KPIs in Web Applications", WWW 2018): once any point of a labelled segment is flagged, the
 * whole segment counts as flagged, then point-wise F1. Kept for comparison with older papers only:
 * it credits a long segment for one lucky point, so even random scores reach high values.
 */
public final class PointAdjustedF1 {
  private PointAdjustedF1() {}

  /** F1 of the adjusted flags. */
  public static double of(boolean[] labels, boolean[] flags) {
    boolean[] adjusted = flags.clone();
    boolean inDetectedSegment = false;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] && adjusted[i] && !inDetectedSegment) {
        inDetectedSegment = true;
        // Back to the segment's start; TSB-AD's loop stops before index 0, so a segment opening the
        // series keeps its first point as flagged as it was.
        for (int j = i; j > 0 && labels[j]; j--) {
          adjusted[j] = true;
        }
      } else if (!labels[i]) {
        inDetectedSegment = false;
      }
      if (inDetectedSegment) {
        adjusted[i] = true;
      }
    }
    int tp = Runs.overlap(labels, adjusted);
    int flagged = Runs.count(adjusted);
    int positives = Runs.count(labels);
    return tp == 0 ? 0 : 2.0 * tp / (flagged + positives);
  }

  /** The best over {@link OracleThresholds}. */
  public static double best(double[] scores, boolean[] labels) {
    return OracleThresholds.best(scores, flags -> of(labels, flags));
  }
}
