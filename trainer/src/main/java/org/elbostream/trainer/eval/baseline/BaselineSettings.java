package org.elbostream.trainer.eval.baseline;

import java.util.List;
import java.util.Map;
import org.elbostream.trainer.fit.Setting;

/**
 * The baselines' settings, declared once. The defaults are TSB-AD's tuned values for Isolation
 * Forest and KMeansAD and ⌊d/4⌋ principal components for PCA; {@code ../shared/data/baselines-reference}
 * gives what they score on SMD.
 *
 * @param pcaComponents principal components kept, or null for ⌊d/4⌋ (at least 1, at most d - 1)
 * @param forestTrees isolation trees
 * @param forestSamples rows drawn (without replacement) to grow each tree
 * @param forestFeatures share of the fields each tree may split on
 * @param kmeansClusters centres
 * @param kmeansWindow consecutive rows per window
 * @param kmeansStride every how many training windows one is clustered
 * @param kmeansRestarts k-means++ starts, the lowest inertia kept
 * @param seed seeds the forest's and the clustering's draws
 */
public record BaselineSettings(Integer pcaComponents, int forestTrees, int forestSamples, double forestFeatures,
    int kmeansClusters, int kmeansWindow, int kmeansStride, int kmeansRestarts, long seed) {

  public static final Setting<Integer> PCA_COMPONENTS = Setting.optionalCount("pca-components", 1, "⌊d/4⌋",
      "Principal components PCA keeps; the score is the squared distance to their span.");
  public static final Setting<Integer> FOREST_TREES = Setting.count("iforest-trees", 25, 1, "Isolation trees.");
  public static final Setting<Integer> FOREST_SAMPLES = Setting.count("iforest-samples", 256, 2,
      "Training rows drawn, without replacement, to grow each isolation tree.");
  public static final Setting<Double> FOREST_FEATURES = Setting.real("iforest-features", 0.8, v -> v > 0 && v <= 1,
      "in (0, 1]", "Share of the fields each isolation tree may split on, drawn without replacement.");
  public static final Setting<Integer> KMEANS_CLUSTERS = Setting.count("kmeans-clusters", 10, 1, "KMeansAD's centres.");
  public static final Setting<Integer> KMEANS_WINDOW = Setting.count("kmeans-window", 40, 1,
      "Consecutive rows per KMeansAD window; a window's score is its newest row's.");
  public static final Setting<Integer> KMEANS_STRIDE = Setting.count("kmeans-stride", 5, 1,
      "KMeansAD clusters every this-many-th training window.");
  public static final Setting<Integer> KMEANS_RESTARTS = Setting.count("kmeans-restarts", 3, 1,
      "k-means++ starts; the clustering with the lowest inertia is kept.");
  public static final Setting<Long> SEED = Setting.seed("baseline-seed", 0,
      "Seeds the isolation trees' and the k-means starts' draws.");

  /** Every baseline setting, in the order of the help. */
  public static final List<Setting<?>> DECLARED = List.of(PCA_COMPONENTS, FOREST_TREES, FOREST_SAMPLES,
      FOREST_FEATURES, KMEANS_CLUSTERS, KMEANS_WINDOW, KMEANS_STRIDE, KMEANS_RESTARTS, SEED);

  public static BaselineSettings defaults() {
    return of(Map.of());
  }

  /** The given values, every other setting at its default. */
  public static BaselineSettings of(Map<Setting<?>, Object> given) {
    return new BaselineSettings(value(given, PCA_COMPONENTS), value(given, FOREST_TREES), value(given, FOREST_SAMPLES),
        value(given, FOREST_FEATURES), value(given, KMEANS_CLUSTERS), value(given, KMEANS_WINDOW),
        value(given, KMEANS_STRIDE), value(given, KMEANS_RESTARTS), value(given, SEED));
  }

  /**
   * The components PCA keeps for {@code d} fields: at most d - 1, since all d would reconstruct every
   * row exactly (a single field keeps none: its score is the squared distance from the mean).
   */
  public int pcaComponents(int d) {
    return Math.min(d - 1, pcaComponents != null ? pcaComponents : Math.max(1, d / 4));
  }

  /** The settings in a sentence, for reports. */
  public String describe() {
    return String.format("PCA with %s components; Isolation Forest of %d trees on %d rows and %.0f %% of the"
        + " fields each; KMeansAD with %d centres on windows of %d rows (every %d-th training window, best of %d"
        + " k-means++ starts); seed %d", pcaComponents == null ? "⌊d/4⌋" : pcaComponents.toString(), forestTrees,
        forestSamples, 100 * forestFeatures, kmeansClusters, kmeansWindow, kmeansStride, kmeansRestarts, seed);
  }

  private static <T> T value(Map<Setting<?>, Object> given, Setting<T> setting) {
    return given.containsKey(setting) ? setting.type().cast(given.get(setting)) : setting.defaultValue();
  }
}
