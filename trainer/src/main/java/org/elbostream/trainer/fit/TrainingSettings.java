package org.elbostream.trainer.fit;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.elbostream.model.bayes.SghmcOptions;
import org.elbostream.model.feature.Likelihood;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.scoring.ScoringOptions;
import org.elbostream.model.threshold.ThresholdCalibrator;

/**
 * Every setting of a training run, each declared once below with its default and doc; the
 * {@code train} command's options and help, and the bundle's provenance, are made from the same
 * declarations ({@link #DECLARED}). Immutable: {@link #builder()} or {@link #toBuilder()} makes
 * another.
 */
public final class TrainingSettings {
  /** How records are scored: by the ELBO, or by the tighter K-sample importance-weighted bound. */
  public enum Bound { ELBO, IWAE }

  /** What becomes of a field the missing-data injection hides from a training row. */
  public enum Injected { DROPPED, SCORED }

  /** Which calibrated threshold flags a record. */
  public enum ThresholdMethod { POT, QUANTILE }

  public static final Setting<Long> SEED = Setting.seed("seed", 42,
      "Seeds initialisation, shuffling, noise and missingness: same data and seed, same bundle.");
  public static final Setting<Integer> EPOCHS = Setting.count("epochs", 100, 1,
      "Maximum passes over the training rows; early stopping may end sooner.");
  public static final Setting<Integer> BATCH_SIZE = Setting.count("batch-size", 128, 1, "Rows per gradient step.");
  public static final Setting<Double> LEARNING_RATE = Setting.real("learning-rate", 1e-3, v -> v > 0, "positive",
      "Adam's step size.");
  public static final Setting<Double> VALIDATION_FRACTION = Setting.real("validation-fraction", 0.1,
      v -> v > 0 && v < 1, "in (0, 1)", "Trailing fraction of the rows held out for early stopping and calibration"
          + " (time order kept: the model is judged on the data that follows what it learned from).");
  public static final Setting<Integer> PATIENCE = Setting.count("patience", 10, 1,
      "Epochs without a better validation bound before training stops.");
  public static final Setting<Double> MISSING_INJECTION = Setting.real("missing-injection", 0.1, v -> v >= 0 && v < 1,
      "in [0, 1)", "Fraction of the observed fields hidden from each training row, as Donut's missing-data"
          + " injection, so the recognition network learns to work from partial records. With --window, this"
          + " fraction of the rows also lose one field from their recognition input and their whole past, as in an"
          + " outage, and it is still scored: a field that stops reporting must not throw the score.");
  public static final Setting<Injected> INJECTED = Setting.choice("injected", Injected.class, Injected.DROPPED,
      "what becomes of an injected hole", "What becomes of a field --missing-injection hides: dropped (neither"
          + " network sees it), or scored (the recognition network does not see it and the likelihood still"
          + " scores it, so the model learns to predict what it cannot see: still a bound, as any q gives one).");
  public static final Setting<Double> LR_DECAY = Setting.real("lr-decay", 1, v -> v > 0 && v <= 1, "in (0, 1]",
      "Multiply Adam's learning rate by this whenever the validation ELBO has not improved for --lr-wait epochs"
          + " (reduce on plateau); 1 keeps it constant.");
  public static final Setting<Integer> LR_WAIT = Setting.count("lr-wait", 5, 1, "Epochs without a better validation"
      + " ELBO before each learning-rate cut; keep it below the early stopping's patience.");
  public static final Setting<Integer> LATENT = Setting.count("latent", 8, 1, "Latent dimension.");
  public static final Setting<List<Integer>> HIDDEN = Setting.widths("hidden", List.of(128, 64), null,
      "Hidden layer widths of the recognition network, mirrored in the generative one.");
  public static final Setting<List<Integer>> LAYERS = Setting.widths("layers", null, "one layer of --latent",
      "Sizes of several stochastic layers, bottom first, e.g. 50,50: a deep latent Gaussian model (Rezende et al."
          + " 2014); with --latent-units bernoulli, the layers of binary units.");
  public static final Setting<Architecture.Posterior> POSTERIOR = Setting.choice("posterior",
      Architecture.Posterior.class, Architecture.Posterior.DIAGONAL, "posterior",
      "Covariance of q(z|x) in each stochastic layer: diagonal, or rank-one (precision D + uu').");
  public static final Setting<Architecture.Latent> LATENT_UNITS = Setting.choice("latent-units",
      Architecture.Latent.class, Architecture.Latent.GAUSSIAN, "kind of latent units", "Latent units: gaussian (a VAE, or a deep latent"
          + " Gaussian model with --layers), or bernoulli: a sigmoid belief network of --layers binary units trained"
          + " by NVIL, whose scores carry each record's operating mode.");
  public static final Setting<Double> MIN_LOG_VARIANCE = Setting.real("min-log-variance",
      Architecture.defaults().minLogVariance(), "log 0.01^2 = -9.2103", v -> true, "a number", "Floor of every"
          + " number's log-variance (a Student-t's squared scale) in normalised units: a field's standard deviation"
          + " (scale) never drops below exp(floor / 2) of its training range.");
  public static final Setting<Likelihood> LIKELIHOOD = Setting.choice("likelihood", Likelihood.class,
      Arrays.stream(Likelihood.values()).filter(Likelihood::real).toList(), Likelihood.GAUSSIAN,
      "likelihood for numbers", "Likelihood of every number field whose schema does not name one (the field"
          + " property " + Likelihood.SCHEMA_PROPERTY + "): gaussian, or student-t (4 degrees of freedom), whose score"
          + " grows with the log of a drift rather than its square.");
  public static final Setting<Architecture.Variance> VARIANCE = Setting.choice("variance", Architecture.Variance.class,
      Architecture.Variance.SAMPLE, "variance", "What the generative network's variance of a number depends on:"
          + " sample (each z sample's own), or field (one per field whatever z, given the record's past with"
          + " --window), which keeps a record that drifted from landing where the model predicts a tiny variance."
          + " A deep model (--layers) keeps sample.");
  public static final Setting<Integer> WINDOW = Setting.count("window", 10, 0, "Previous records of its key that"
      + " each record is read with: both networks also see them (a conditional VAE of the newest record given its"
      + " past), and the score is a bound on -log p(record | past); a missing field of a past record is carried"
      + " from the window's nearest observation of it. 0 reads each record alone, as a deep model (--layers),"
      + " binary latents and --weight-samples do unless this is given.");
  public static final Setting<Duration> GAP = Setting.duration("gap", "auto: 10 times the median step",
      "With --window: a gap in event time (the --time column) longer than this between two records of a key"
          + " starts a fresh past, as does a new key (--key). By default ten times the training data's median"
          + " step between consecutive records of one key; 0 for no gap.");
  public static final Setting<Double> WEIGHT_PRIOR = Setting.real("weight-prior", 0, v -> v >= 0, "at least 0",
      "Precision of a Gaussian prior on the generative weights (weight decay as MAP estimation derives it); 0 for"
          + " none.");
  public static final Setting<Integer> TRAIN_SAMPLES = Setting.count("train-samples", 1, 1, "Train on the K-sample"
      + " importance-weighted bound (as MIWAE) instead of the one-sample ELBO.");
  public static final Setting<Bound> SCORE = Setting.choice("score", Bound.class, Bound.ELBO, "bound",
      "Score records by the elbo, or by the iwae bound (the tighter K-sample importance-weighted bound).");
  public static final Setting<Integer> SCORE_SAMPLES = Setting.count("score-samples", 8, 1,
      "z samples per record when scoring; K for iwae.");
  public static final Setting<Integer> WEIGHT_SAMPLES = Setting.count("weight-samples", 0, 0, "After point training,"
      + " draw M samples of the generative weights by stochastic-gradient HMC and score every record with all of"
      + " them: the score's mean, and its standard deviation as the model's own uncertainty; 0 for a point estimate.");
  public static final Setting<Double> SGHMC_RATE = Setting.real("sghmc-rate", 1e-6, v -> v > 0, "positive",
      "SGHMC learning rate per training row: the chain uses eta = rate / N for N rows. Too large a rate shows as a"
          + " large score spread: on SMD 1e-5 gave 21 nats, 1e-6 gave 0.34.");
  public static final Setting<Double> SGHMC_FRICTION = Setting.real("sghmc-friction", 0.1, v -> v > 0 && v <= 1,
      "in (0, 1]", "SGHMC's momentum decay per step (alpha); Chen et al. use 0.01-0.1.");
  public static final Setting<Integer> SGHMC_BURN_IN = Setting.count("sghmc-burn-in", 500, 0,
      "SGHMC steps discarded before the first sample.");
  public static final Setting<Integer> SGHMC_THINNING = Setting.count("sghmc-thinning", 100, 1,
      "SGHMC steps between kept samples.");
  public static final Setting<Double> SGHMC_DECAY = Setting.real("sghmc-decay", 0, v -> v >= 0, "at least 0",
      "Step-size schedule: eta_t = eta (1 + t/B)^-gamma with B the burn-in steps; 0 keeps eta constant, as Chen et"
          + " al. do; 0.55 is Welling and Teh's SGLD choice.");
  public static final Setting<Double> FALSE_ALARM_RATE = Setting.real("false-alarm-rate", 0.01, v -> v > 0 && v < 1,
      "in (0, 1)", "Target false-alarm rate of the quantile threshold, on the held-out rows.");
  public static final Setting<Double> RISK = Setting.real("risk", 1e-3, v -> v > 0 && v < 1, "in (0, 1)",
      "Target risk of the peaks-over-threshold threshold, extrapolated from the fitted score tail.");
  public static final Setting<Double> POT_QUANTILE = Setting.real("pot-quantile", 0.98, v -> v > 0 && v < 1,
      "in (0, 1)", "Quantile of the held-out scores above which the tail is fitted (generalised Pareto).");
  public static final Setting<ThresholdMethod> THRESHOLD = Setting.choice("threshold", ThresholdMethod.class,
      ThresholdMethod.POT, "threshold method", "Which calibrated threshold flags a record: pot or quantile.");

  /** Every setting, in the order the help and the provenance list them. */
  public static final List<Setting<?>> DECLARED = List.of(SEED, EPOCHS, BATCH_SIZE, LEARNING_RATE,
      VALIDATION_FRACTION, PATIENCE, MISSING_INJECTION, INJECTED, LR_DECAY, LR_WAIT, LATENT, HIDDEN, LAYERS, POSTERIOR,
      LATENT_UNITS, MIN_LOG_VARIANCE, LIKELIHOOD, VARIANCE, WINDOW, GAP, WEIGHT_PRIOR, TRAIN_SAMPLES, SCORE, SCORE_SAMPLES, WEIGHT_SAMPLES, SGHMC_RATE,
      SGHMC_FRICTION, SGHMC_BURN_IN, SGHMC_THINNING, SGHMC_DECAY, FALSE_ALARM_RATE, RISK, POT_QUANTILE, THRESHOLD);

  private final Map<Setting<?>, Object> values;
  private final Set<Setting<?>> given;
  private final Architecture architecture;

  private TrainingSettings(Map<Setting<?>, Object> values, Set<Setting<?>> given) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.given = Set.copyOf(given);
    this.architecture = buildArchitecture();
    calibrator(); // validates the thresholds' settings together
  }

  /** Every setting at its default. */
  public static TrainingSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder(new LinkedHashMap<>(), new LinkedHashSet<>());
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    return new Builder(new LinkedHashMap<>(values), new LinkedHashSet<>(given));
  }

  /** A setting's value (null only for {@link #LAYERS} at its default). */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    return (T) values.get(setting);
  }

  public long seed() {
    return get(SEED);
  }

  public int epochs() {
    return get(EPOCHS);
  }

  public int batchSize() {
    return get(BATCH_SIZE);
  }

  public double learningRate() {
    return get(LEARNING_RATE);
  }

  public double validationFraction() {
    return get(VALIDATION_FRACTION);
  }

  public int patience() {
    return get(PATIENCE);
  }

  public double missingInjection() {
    return get(MISSING_INJECTION);
  }

  public Injected injected() {
    return get(INJECTED);
  }

  public int trainingSamples() {
    return get(TRAIN_SAMPLES);
  }

  /** The likelihood of the numbers a schema leaves unnamed. */
  public Likelihood likelihood() {
    return get(LIKELIHOOD);
  }

  public double weightPrior() {
    return get(WEIGHT_PRIOR);
  }

  /** The shape of the networks, from the latent, hidden, layers, posterior and latent-units settings. */
  public Architecture architecture() {
    return architecture;
  }

  /** How records are scored, for calibration and in the service. */
  public ScoringOptions scoring() {
    return new ScoringOptions(get(SCORE_SAMPLES), get(SCORE) == Bound.IWAE, true);
  }

  /** How thresholds are calibrated on the validation rows. */
  public ThresholdCalibrator calibrator() {
    return new ThresholdCalibrator(get(FALSE_ALARM_RATE), get(RISK), get(POT_QUANTILE),
        get(THRESHOLD).name().toLowerCase(Locale.ROOT));
  }

  /** How the learning rate falls when the validation bound stalls. */
  public LearningRateDecay learningRateDecay() {
    return new LearningRateDecay(get(LR_DECAY), get(LR_WAIT)); // a factor of 1 never cuts
  }

  /**
   * The SGHMC chain over the generative weights after point training, for {@code trainRows} rows of
   * gradient steps; null when no weight samples are asked for.
   */
  public SghmcOptions weightSampling(int trainRows) {
    int samples = get(WEIGHT_SAMPLES);
    if (samples == 0) {
      return null;
    }
    int burnIn = get(SGHMC_BURN_IN);
    return new SghmcOptions(get(SGHMC_RATE) / trainRows, get(SGHMC_FRICTION), 0, get(SGHMC_DECAY),
        Math.max(1, burnIn), burnIn, get(SGHMC_THINNING), samples);
  }

  /** Whether weight samples are asked for. */
  public boolean samplesWeights() {
    return get(WEIGHT_SAMPLES) > 0;
  }

  /** Every setting's value as the command line spells it, for the bundle's provenance. */
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Setting<?> setting : DECLARED) {
      out.put(setting.name(), formatted(setting));
    }
    return out;
  }

  /** The table of training settings in docs/models.md, from the declarations. */
  public static String markdownTable() {
    StringBuilder out = new StringBuilder("| option | default | meaning |\n|---|---|---|\n");
    for (Setting<?> setting : DECLARED) {
      out.append("| `").append(setting.option()).append("` | `").append(setting.defaultText()).append("` | ")
          .append(setting.doc().replace("|", "\\|")).append(" |\n");
    }
    return out.toString();
  }

  private <T> String formatted(Setting<T> setting) {
    return setting.format(get(setting));
  }

  private Architecture buildArchitecture() {
    List<Integer> layers = get(LAYERS);
    List<Integer> stochastic = layers != null ? layers : List.of(get(LATENT));
    double floor = get(MIN_LOG_VARIANCE);
    if (get(LATENT_UNITS) == Architecture.Latent.BERNOULLI) {
      if (given.contains(HIDDEN) && !get(HIDDEN).isEmpty() || get(POSTERIOR) != Architecture.Posterior.DIAGONAL
          || samplesWeights()) {
        throw new IllegalArgumentException("--latent-units bernoulli: a sigmoid belief network has linear layers"
            + " between its binary units, so --hidden, --posterior and --weight-samples do not apply");
      }
      return Architecture.sigmoidBelief(stochastic, floor);
    }
    // Several stochastic layers keep each sample's variance unless told otherwise.
    Architecture networks = Architecture.deep(stochastic, get(HIDDEN), floor, get(POSTERIOR))
        .withVariance(layers != null && !given.contains(VARIANCE) ? Architecture.Variance.SAMPLE : get(VARIANCE));
    // A deep model or weight samples read records alone unless a window is asked for.
    boolean alone = layers != null || samplesWeights();
    if (get(WINDOW) == 0 || alone && !given.contains(WINDOW)) {
      return networks;
    }
    if (alone) {
      throw new IllegalArgumentException("--window: a model that reads each record's past has one stochastic layer"
          + " and point weights; drop --layers and --weight-samples, or give --window 0");
    }
    Duration gap = get(GAP);
    return networks.withPast(new Architecture.Past(get(WINDOW),
        gap == null || gap.isZero() ? null : gap.toMillis()));
  }

  /**
   * Whether the longest gap of a windowed model is left to the data: ten times its median step
   * ({@link #withGap}).
   */
  public boolean gapFromData() {
    return get(WINDOW) > 0 && get(GAP) == null;
  }

  /** The same settings with the longest gap the data gave; null for none. */
  public TrainingSettings withGap(Long millis) {
    return toBuilder().set(GAP, millis == null ? Duration.ZERO : Duration.ofMillis(millis)).build();
  }

  @Override
  public String toString() {
    return describe().toString();
  }

  /** Sets settings one by one; {@link #build} checks them together. */
  public static final class Builder {
    private final Map<Setting<?>, Object> values;
    private final Set<Setting<?>> given;

    private Builder(Map<Setting<?>, Object> values, Set<Setting<?>> given) {
      this.values = values;
      this.given = given;
    }

    /**
     * @throws IllegalArgumentException naming the option, when the value is not one it accepts
     */
    public <T> Builder set(Setting<T> setting, T value) {
      if (!DECLARED.contains(setting)) {
        throw new IllegalArgumentException(setting + " is not a training setting");
      }
      if (value != null || setting.defaultValue() != null) {
        setting.check(value);
      }
      values.put(setting, value);
      given.add(setting);
      return this;
    }

    /** Reads a setting from its command-line text. */
    public <T> Builder parse(Setting<T> setting, String text) {
      return set(setting, setting.parse(text));
    }

    public Builder seed(long seed) {
      return set(SEED, seed);
    }

    public Builder epochs(int epochs) {
      return set(EPOCHS, epochs);
    }

    public Builder batchSize(int rows) {
      return set(BATCH_SIZE, rows);
    }

    public Builder patience(int epochs) {
      return set(PATIENCE, epochs);
    }

    public Builder missingInjection(double fraction) {
      return set(MISSING_INJECTION, fraction);
    }

    public Builder trainingSamples(int k) {
      return set(TRAIN_SAMPLES, k);
    }

    public Builder weightPrior(double lambda) {
      return set(WEIGHT_PRIOR, lambda);
    }

    /** Networks of this shape: sets each of the settings the architecture is made of. */
    public Builder architecture(Architecture a) {
      set(LATENT, a.latentDim());
      values.put(HIDDEN, a.hidden()); // a sigmoid belief network's empty list, which the option cannot spell
      set(LAYERS, a.layers());
      set(POSTERIOR, a.covariance());
      set(LATENT_UNITS, a.units());
      set(WINDOW, a.pastRecords());
      set(VARIANCE, a.numberVariance());
      if (a.past() != null) {
        set(GAP, a.past().maxGapMillis() == null ? Duration.ZERO : Duration.ofMillis(a.past().maxGapMillis()));
      }
      return set(MIN_LOG_VARIANCE, a.minLogVariance());
    }

    /** The learning-rate schedule: sets its factor and its plateau. */
    public Builder learningRateDecay(LearningRateDecay decay) {
      set(LR_DECAY, decay.factor());
      return set(LR_WAIT, decay.plateauEpochs());
    }

    /** @throws IllegalArgumentException when settings contradict each other */
    public TrainingSettings build() {
      Map<Setting<?>, Object> all = new LinkedHashMap<>();
      for (Setting<?> setting : DECLARED) {
        all.put(setting, values.containsKey(setting) ? values.get(setting) : setting.defaultValue());
      }
      return new TrainingSettings(all, given);
    }
  }
}
