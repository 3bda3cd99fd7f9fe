package org.elbostream.model.threshold;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A threshold that follows the score stream: SPOT and its drift-aware variant DSPOT (Siffer,
 * Fouque, Termier, Largouët, "Anomaly Detection in Streams with Extreme Value Theory", KDD 2017).
 *
 * <p>SPOT keeps the peaks of the stream over an initial threshold t, fitted by a generalised Pareto
 * tail, and flags a score above z_q = t + GPD quantile at {@code risk} of the whole stream. A score
 * above z_q is an alarm and teaches the tail nothing; a score between t and z_q is a new peak and
 * the tail is refitted; any other score only counts. DSPOT runs the same on each score minus the
 * mean of the last {@code depth} non-alarm scores, so a level that drifts moves the threshold with
 * it instead of turning into a flood of alarms.
 *
 * <p>An alarm's value never reaches the tail, as in the paper, but that it passed the threshold
 * does: the fit counts it as an excess known only to exceed z_q - t (right-censored). Without that
 * the tail is fitted to peaks whose top is cut off at the threshold it sets, and the threshold
 * sinks: on an exponential stream at risk 1e-3 it fell from 7.2 to 5.4 in 10^5 scores, with three
 * times the risk's alarms. Two more departures keep the state bounded and the cost per score small,
 * as a changelogged store needs: the tail is fitted to the latest {@code maxPeaks} peaks and
 * censored alarms (the counts of peaks and of scores, which set the tail's share, are kept whole),
 * and it is refitted after every {@code refitEvery} new peaks or alarms rather than after each.
 * Its whole state is a few arrays ({@link #state}), so a changelogged store can keep it.
 * Not thread-safe: one per model or per key.
 */
public final class StreamingThreshold implements ScoreThreshold {
  /** First int of {@link #state}: the layout this build writes and reads. */
  private static final int STATE_LAYOUT = 1;
  /** {@link #state}'s eight ints and nine doubles or longs before its arrays. */
  private static final int HEADER_BYTES = 8 * 4 + 9 * 8;

  private final double risk;
  private final int depth;
  private final int maxPeaks;
  private final int refitEvery;
  private final double initial;
  /** The latest non-alarm scores, a ring of {@code depth}: DSPOT's local level. */
  private final double[] recent;
  private int recentCount;
  private int recentNext;
  private double recentSum;
  /** The latest peaks and alarms in arrival order, a ring: an excess, or an alarm's censoring point. */
  private final double[] peaks;
  private final boolean[] censored;
  private int peakCount;
  private int peakNext;
  private long excesses;
  private long seen;
  private int sinceFit;
  private GeneralizedPareto tail;
  private double threshold;

  private StreamingThreshold(double risk, int depth, int maxPeaks, int refitEvery, double initial) {
    this.risk = risk;
    this.depth = depth;
    this.maxPeaks = maxPeaks;
    this.refitEvery = refitEvery;
    this.initial = initial;
    this.peaks = new double[maxPeaks];
    this.censored = new boolean[maxPeaks];
    this.recent = new double[depth];
  }

  /**
   * A threshold started from calibration scores in the order they came (the first {@code depth} of
   * them, for DSPOT, only fill its window of recent scores).
   *
   * @param risk the probability of a normal score above the threshold, e.g. 1e-3
   * @param initialQuantile the quantile of the calibration scores that peaks exceed, e.g. 0.98
   * @param depth how many recent non-alarm scores DSPOT's local mean covers; 0 for SPOT
   */
  public static StreamingThreshold start(double[] calibration, double risk, double initialQuantile, int depth,
      int maxPeaks, int refitEvery) {
    if (!(risk > 0 && risk < 1 - initialQuantile) || !(initialQuantile > 0 && initialQuantile < 1)) {
      throw new IllegalArgumentException("risk " + risk + " must lie in (0, 1 - initial quantile "
          + initialQuantile + ")");
    }
    if (depth < 0 || maxPeaks < 3 || refitEvery < 1) {
      throw new IllegalArgumentException("depth must be >= 0, maxPeaks >= 3 and refitEvery >= 1");
    }
    if (calibration.length < depth + ThresholdPolicy.MIN_SCORES) {
      throw new IllegalArgumentException("need at least " + (depth + ThresholdPolicy.MIN_SCORES)
          + " calibration scores, got " + calibration.length);
    }
    double[] local = new double[calibration.length - depth];
    double sum = 0;
    for (int i = 0; i < depth; i++) {
      sum += calibration[i];
    }
    for (int i = depth; i < calibration.length; i++) {
      local[i - depth] = calibration[i] - (depth == 0 ? 0 : sum / depth);
      if (depth > 0) {
        sum += calibration[i] - calibration[i - depth];
      }
    }
    double[] sorted = local.clone();
    Arrays.sort(sorted);
    double t = ThresholdCalibrator.quantileOf(sorted, initialQuantile);
    StreamingThreshold spot = new StreamingThreshold(risk, depth, maxPeaks, refitEvery, t);
    for (int i = calibration.length - depth; i < calibration.length; i++) {
      spot.remember(calibration[i]);
    }
    for (double x : local) {
      spot.seen++;
      if (x > t) {
        spot.addPeak(x - t, false);
      }
    }
    spot.refitTail();
    spot.threshold = spot.level() + spot.localThreshold();
    return spot;
  }

  /**
   * Takes the next score: true if it is an alarm, above the threshold as it stood. A non-alarm
   * then updates the threshold.
   */
  @Override
  public boolean offer(double score) {
    if (Double.isNaN(score)) {
      return true;
    }
    if (score > threshold) {
      // Only that it passed: its value may be an anomaly's. Once the risk outgrows the tail's share
      // the threshold is the level plus the cut, and their sum minus both can round below zero.
      addPeak(Math.max(0, threshold - level() - initial), true);
      seen++;
      if (++sinceFit >= refitEvery) {
        refitTail();
        threshold = level() + localThreshold();
      }
      return true;
    }
    double x = score - level();
    seen++;
    if (x > initial) {
      addPeak(x - initial, false);
      if (++sinceFit >= refitEvery) {
        refitTail();
      }
    }
    remember(score);
    threshold = level() + localThreshold();
    return false;
  }

  @Override
  public double threshold() {
    return threshold;
  }

  /** Where the peaks start: a score over the level plus the initial threshold is one. */
  @Override
  public double screenLevel() {
    return Math.min(threshold, level() + initial);
  }

  /** The peaks and censored alarms the tail rests on, at most {@code maxPeaks}. */
  public int peaks() {
    return peakCount;
  }

  private double level() {
    return recentCount == 0 ? 0 : recentSum / recentCount;
  }

  private void remember(double score) {
    if (depth == 0) {
      return;
    }
    if (recentCount == depth) {
      recentSum -= recent[recentNext];
    } else {
      recentCount++;
    }
    recent[recentNext] = score;
    recentSum += score;
    recentNext = (recentNext + 1) % depth;
  }

  private void addPeak(double excess, boolean alarm) {
    peaks[peakNext] = excess;
    censored[peakNext] = alarm;
    peakNext = (peakNext + 1) % maxPeaks;
    peakCount = Math.min(maxPeaks, peakCount + 1);
    excesses++;
  }

  private void refitTail() {
    sinceFit = 0;
    double[] seenValues = new double[peakCount];
    double[] passed = new double[peakCount];
    int values = 0;
    int alarms = 0;
    for (int i = 0; i < peakCount; i++) {
      if (censored[i]) {
        passed[alarms++] = peaks[i];
      } else {
        seenValues[values++] = peaks[i];
      }
    }
    tail = values >= 3 ? GeneralizedPareto.fit(Arrays.copyOf(seenValues, values), Arrays.copyOf(passed, alarms))
        : null;
  }

  /** z_q on the local scale: t plus the tail's quantile at the risk's share of the peaks. */
  private double localThreshold() {
    if (tail == null) {
      return initial;
    }
    double tailShare = (double) excesses / seen;
    return initial + tail.quantileOfSurvival(Math.min(1, risk / tailShare));
  }

  /** Whether it runs under these settings: a state kept under others starts afresh. */
  boolean keptUnder(double risk, int depth, int maxPeaks, int refitEvery) {
    return risk == this.risk && depth == this.depth && maxPeaks == this.maxPeaks && refitEvery == this.refitEvery;
  }

  /** Everything the threshold is, for a store: {@link #restore} gives it back exactly. */
  @Override
  public byte[] state() {
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + depth * 8 + maxPeaks * 9);
    out.putInt(STATE_LAYOUT).putInt(depth).putInt(maxPeaks).putInt(refitEvery);
    out.putInt(recentCount).putInt(recentNext).putInt(peakCount).putInt(peakNext);
    out.putDouble(risk).putDouble(initial).putDouble(recentSum).putLong(excesses).putLong(seen)
        .putLong(sinceFit).putDouble(threshold);
    out.putDouble(tail == null ? Double.NaN : tail.shape());
    out.putDouble(tail == null ? Double.NaN : tail.scale());
    for (double v : recent) {
      out.putDouble(v);
    }
    for (int i = 0; i < maxPeaks; i++) {
      out.putDouble(peaks[i]).put((byte) (censored[i] ? 1 : 0));
    }
    return out.array();
  }

  /**
   * A threshold from its {@link #state}.
   *
   * @throws IllegalArgumentException when the bytes are not a state this build wrote
   */
  public static StreamingThreshold restore(byte[] state) {
    ByteBuffer in = ByteBuffer.wrap(state);
    if (state.length < 4 || in.getInt() != STATE_LAYOUT) {
      throw new IllegalArgumentException("not a streaming threshold's state (layout " + STATE_LAYOUT + ")");
    }
    int depth = in.getInt();
    int maxPeaks = in.getInt();
    int refitEvery = in.getInt();
    if (depth < 0 || maxPeaks < 3 || state.length != HEADER_BYTES + depth * 8 + maxPeaks * 9) {
      throw new IllegalArgumentException("a streaming threshold's state of " + state.length + " bytes does not"
          + " match its depth " + depth + " and peaks " + maxPeaks);
    }
    int recentCount = in.getInt();
    int recentNext = in.getInt();
    int peakCount = in.getInt();
    int peakNext = in.getInt();
    double risk = in.getDouble();
    double initial = in.getDouble();
    StreamingThreshold t = new StreamingThreshold(risk, depth, maxPeaks, refitEvery, initial);
    t.recentCount = recentCount;
    t.recentNext = recentNext;
    t.peakCount = peakCount;
    t.peakNext = peakNext;
    t.recentSum = in.getDouble();
    t.excesses = in.getLong();
    t.seen = in.getLong();
    t.sinceFit = (int) in.getLong();
    t.threshold = in.getDouble();
    double shape = in.getDouble();
    double scale = in.getDouble();
    t.tail = Double.isNaN(scale) ? null : new GeneralizedPareto(shape, scale);
    for (int i = 0; i < depth; i++) {
      t.recent[i] = in.getDouble();
    }
    for (int i = 0; i < maxPeaks; i++) {
      t.peaks[i] = in.getDouble();
      t.censored[i] = in.get() == 1;
    }
    return t;
  }
}
