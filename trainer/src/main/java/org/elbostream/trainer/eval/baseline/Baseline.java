package org.elbostream.trainer.eval.baseline;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.elbostream.model.threshold.ThresholdCalibrator;
import org.elbostream.trainer.fit.TrainingSettings;

/** The baseline detectors by name, each fitted on the training rows. */
public enum Baseline {
  /** AWS Random Cut Forest, default parameters, learning from the test stream as it scores. */
  RCF("Random Cut Forest") {
    @Override
    public Detector fit(List<double[]> train, BaselineSettings settings, IntConsumer progress) {
      return RandomCutForestDetector.train(train, settings.seed(), TrainingSettings.VALIDATION_FRACTION.defaultValue(),
          ThresholdCalibrator.defaults(), progress);
    }
  },
  /** Squared reconstruction error from the leading principal components. */
  PCA("PCA") {
    @Override
    public Detector fit(List<double[]> train, BaselineSettings settings, IntConsumer progress) {
      return PcaDetector.fit(train, settings);
    }
  },
  /** Isolation Forest. */
  IFOREST("Isolation Forest") {
    @Override
    public Detector fit(List<double[]> train, BaselineSettings settings, IntConsumer progress) {
      return IsolationForest.fit(train, settings);
    }
  },
  /** KMeansAD on windows of rows. */
  KMEANS("KMeansAD") {
    @Override
    public Detector fit(List<double[]> train, BaselineSettings settings, IntConsumer progress) {
      return KMeansWindows.fit(train, settings);
    }
  };

  private final String title;

  Baseline(String title) {
    this.title = title;
  }

  /**
   * @param progress hears training rows consumed, for the detectors that stream them
   */
  public abstract Detector fit(List<double[]> train, BaselineSettings settings, IntConsumer progress);

  /** The name in tables, JSON keys and {@code --baseline}: rcf, pca, iforest, kmeans. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The name for people. */
  public String title() {
    return title;
  }

  /** Reads a comma-separated list of keys, each once, in the order given; {@code none} for none. */
  public static List<Baseline> list(String keys) {
    if (keys.trim().equalsIgnoreCase("none")) {
      return List.of();
    }
    return Arrays.stream(keys.split(",")).map(Baseline::of).distinct().toList();
  }

  /** Reads a key. */
  public static Baseline of(String key) {
    for (Baseline b : values()) {
      if (b.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
        return b;
      }
    }
    throw new IllegalArgumentException("no baseline '" + key + "': expected rcf, pca, iforest or kmeans");
  }
}
