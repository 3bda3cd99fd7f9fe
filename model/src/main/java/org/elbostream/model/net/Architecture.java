package org.elbostream.model.net;

import java.util.List;

/**
 * The shape of the model pair, stored in the bundle so inference rebuilds exactly the trained
 * networks. The recognition network maps {@code [values | mask]} through {@code hidden} layers to
 * the parameters of q(z|x); the generative network mirrors it from z to the likelihood heads.
 *
 * <p>With several stochastic layers the model is Rezende et al.'s deep latent Gaussian model: z is
 * the concatenation of independent N(0, I) noise vectors xi_1 .. xi_L (bottom first), and the
 * generative network computes h_L = xi_L, h_l = T_l(h_{l+1}) + G_l xi_l, and the heads from h_1.
 * Because every xi_l has a standard normal prior, everything that works on z (the bound, the
 * samplers, the posterior predictive) works on the deep model unchanged.
 *
 * @param latentDim dimension of z: the sum of the stochastic layers' sizes
 * @param hidden widths of the hidden layers of the recognition network (the generative network's
 *     MLPs use them in reverse order)
 * @param minLogVariance floor of every Gaussian feature's log-variance in normalised units: keeps a
 *     near-constant training feature from gaining an unbounded likelihood
 * @param layers sizes of xi_1 .. xi_L; null for one layer of {@code latentDim}. Absent from the
 *     manifest for one layer, as {@code posterior} is for DIAGONAL, so bundles written before either
 *     existed keep their content hash
 * @param posterior the covariance family of q(z|x); null for DIAGONAL
 * @param latent the kind of latent units; null for GAUSSIAN (absent from older manifests likewise)
 * @param past what of its key's past a record is scored with: both networks also read it (a
 *     conditional VAE of the newest record given its past); null for none, the per-record model
 *     (absent from older manifests likewise)
 * @param variance what a number's variance depends on; null for SAMPLE (absent from older
 *     manifests likewise)
 */
public record Architecture(int latentDim, List<Integer> hidden, double minLogVariance, List<Integer> layers,
    Posterior posterior, Latent latent, Past past, Variance variance) {

  /** What the generative network's variance of a number depends on. */
  public enum Variance {
    /** Each z sample's own, as Kingma &amp; Welling's Gaussian decoder has it. */
    SAMPLE,
    /**
     * The field's own, whatever z (given the record's past, for a model that reads one): a record
     * that drifted cannot land where the model predicts a tiny variance.
     */
    FIELD
  }

  /**
   * What a record is read with: its key's previous {@code records} records, newest first, a gap in
   * event time longer than {@code maxGapMillis} between two of them starting a fresh series.
   *
   * @param maxGapMillis null when no gap breaks a series
   * @param missing how a field missing from a past record reaches the networks; null for MASKED
   *     (absent from older manifests)
   */
  public record Past(int records, Long maxGapMillis, PastGaps missing) {
    /** A past whose missing fields carry the window's nearest observation, as the trainer makes them. */
    public Past(int records, Long maxGapMillis) {
      this(records, maxGapMillis, PastGaps.CARRIED);
    }

    /** How a field missing from a past record reaches the networks. */
    public PastGaps gaps() {
      return missing == null ? PastGaps.MASKED : missing;
    }

    public Past {
      if (records < 1) {
        throw new IllegalArgumentException("a past holds at least 1 record, got " + records);
      }
      if (maxGapMillis != null && maxGapMillis <= 0) {
        throw new IllegalArgumentException("the longest gap must be positive, got " + maxGapMillis + " ms");
      }
    }

    /** Whether a record at {@code later} starts a fresh series after one at {@code earlier}. */
    public boolean breaksBetween(long earlier, long later) {
      return maxGapMillis != null && later - earlier > maxGapMillis;
    }
  }

  /** How a field missing from a record of the past reaches the networks. */
  public enum PastGaps {
    /** As a missing field of the record itself: value 0, mask bit 0. */
    MASKED,
    /**
     * Filled with the field's latest earlier observation in the window (its nearest later one
     * where none is earlier), mask bit 1; missing only where the whole window misses it. A stream's
     * pasts miss fields that training's rarely do, and a network reads a carried value as it
     * learned to read an observed one, where a hole it never saw in training can throw its score.
     */
    CARRIED
  }

  /** What the latent units are. */
  public enum Latent {
    /** Continuous, N(0, I) a priori, trained by reparameterisation (SGVB). */
    GAUSSIAN,
    /**
     * Binary units of a sigmoid belief network, trained by NVIL (Mnih &amp; Gregor 2014): layers of
     * Bernoulli units, each layer's logits linear in the layer above, no hidden MLPs.
     */
    BERNOULLI
  }

  /** The covariance of each stochastic layer's q(xi_l | x). */
  public enum Posterior {
    /** Independent coordinates. */
    DIAGONAL,
    /** Precision D + u u' (Rezende et al. 2014, section 4.3): one tilted direction, still O(d). */
    RANK_ONE
  }

  /** The architecture for people: "Gaussian latents 8 (one layer), hidden 128-64, diagonal posterior, ...". */
  public String describe() {
    List<Integer> stochastic = layers != null ? layers : List.of(latentDim);
    String units = latent == Latent.BERNOULLI ? "binary latents " : "Gaussian latents ";
    return units + join(stochastic) + (stochastic.size() == 1 ? " (one layer)" : " (bottom first)")
        + (latent == Latent.BERNOULLI ? "" : ", hidden " + join(hidden) + ", "
            + (posterior == Posterior.RANK_ONE ? "rank-one" : "diagonal") + " posterior")
        + ", log-variance floor " + minLogVariance
        + (variance == null ? "" : ", one variance per number field")
        + (past == null ? "" : ", each record with its key's last " + past.records() + " records"
            + (past.maxGapMillis() == null ? "" : " (a gap over " + past.maxGapMillis() + " ms starts afresh)"));
  }

  private static String join(List<Integer> widths) {
    return String.join("-", widths.stream().map(String::valueOf).toList());
  }

  /** The default shape for tabular sensor data of a few dozen fields. */
  public static Architecture defaults() {
    return new Architecture(8, List.of(128, 64), StrictMath.log(0.01 * 0.01));
  }

  /** One stochastic layer with a diagonal posterior: the variational autoencoder. */
  public Architecture(int latentDim, List<Integer> hidden, double minLogVariance) {
    this(latentDim, hidden, minLogVariance, null, null, null, null, null);
  }

  public Architecture(int latentDim, List<Integer> hidden, double minLogVariance, List<Integer> layers,
      Posterior posterior) {
    this(latentDim, hidden, minLogVariance, layers, posterior, null, null, null);
  }

  /** The same networks, each record read with this past (null: alone). */
  public Architecture withPast(Past newPast) {
    return new Architecture(latentDim, hidden, minLogVariance, layers, posterior, latent, newPast, variance);
  }

  /** The same networks, a number's variance depending on {@code newVariance}. */
  public Architecture withVariance(Variance newVariance) {
    return new Architecture(latentDim, hidden, minLogVariance, layers, posterior, latent, past, newVariance);
  }

  /** What a number's variance depends on. */
  public Variance numberVariance() {
    return variance == null ? Variance.SAMPLE : variance;
  }

  /** How many previous records of its key a record is scored with; 0 for the per-record model. */
  public int pastRecords() {
    return past == null ? 0 : past.records();
  }

  /** Whether a field missing from a past record is carried from the window's nearest observation. */
  public boolean carriesPastGaps() {
    return past != null && past.gaps() == PastGaps.CARRIED;
  }

  /** A sigmoid belief network with these layers of binary units, bottom first. */
  public static Architecture sigmoidBelief(List<Integer> layers, double minLogVariance) {
    return new Architecture(layers.stream().mapToInt(Integer::intValue).sum(), List.of(), minLogVariance, layers,
        null, Latent.BERNOULLI, null, null);
  }

  /** The kind of latent units. */
  public Latent units() {
    return latent == null ? Latent.GAUSSIAN : latent;
  }

  /** A deep latent Gaussian model with these stochastic layers (bottom first) and posterior family. */
  public static Architecture deep(List<Integer> layers, List<Integer> hidden, double minLogVariance,
      Posterior posterior) {
    return new Architecture(layers.stream().mapToInt(Integer::intValue).sum(), hidden, minLogVariance, layers,
        posterior);
  }

  public Architecture {
    hidden = List.copyOf(hidden);
    if (latentDim < 1) {
      throw new IllegalArgumentException("latentDim must be at least 1, got " + latentDim);
    }
    if (hidden.stream().anyMatch(h -> h < 1)) {
      throw new IllegalArgumentException("hidden layer widths must be positive: " + hidden);
    }
    if (!Double.isFinite(minLogVariance)) {
      throw new IllegalArgumentException("minLogVariance must be finite");
    }
    if (layers != null) {
      layers = List.copyOf(layers);
      if (layers.isEmpty() || layers.stream().anyMatch(d -> d < 1)
          || layers.stream().mapToInt(Integer::intValue).sum() != latentDim) {
        throw new IllegalArgumentException("stochastic layers " + layers + " must be positive and add up to"
            + " latentDim " + latentDim);
      }
      if (layers.size() == 1) {
        layers = null;
      }
    }
    if (posterior == Posterior.DIAGONAL) {
      posterior = null;
    }
    if (latent == Latent.GAUSSIAN) {
      latent = null;
    }
    if (latent == Latent.BERNOULLI && (posterior != null || !hidden.isEmpty())) {
      throw new IllegalArgumentException("a sigmoid belief network has no hidden MLPs and no Gaussian posterior");
    }
    if (variance == Variance.SAMPLE) {
      variance = null;
    }
    if (variance != null && (latent == Latent.BERNOULLI || layers != null)) {
      throw new IllegalArgumentException("one variance per field is for one layer of Gaussian latents, not for"
          + " several stochastic layers or binary latents");
    }
    if (past != null && (latent == Latent.BERNOULLI || layers != null)) {
      throw new IllegalArgumentException("a model that reads each record's past has one layer of Gaussian latents:"
          + " a window does not go with several stochastic layers or binary latents");
    }
  }

  /** Sizes of xi_1 .. xi_L, bottom first. */
  public List<Integer> stochasticLayers() {
    return layers == null ? List.of(latentDim) : layers;
  }

  /** Split points along z between the stochastic layers (none for one layer). */
  public long[] layerSplits() {
    List<Integer> sizes = stochasticLayers();
    long[] points = new long[sizes.size() - 1];
    long at = 0;
    for (int i = 0; i < points.length; i++) {
      at += sizes.get(i);
      points[i] = at;
    }
    return points;
  }

  public Posterior covariance() {
    return posterior == null ? Posterior.DIAGONAL : posterior;
  }

  /** Parameters of q per latent coordinate: mean and log-variance, and u for rank one. */
  public int posteriorParameters() {
    return covariance() == Posterior.RANK_ONE ? 3 : 2;
  }
}
