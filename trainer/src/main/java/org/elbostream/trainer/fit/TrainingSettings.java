package org.elbostream.trainer.fit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.elbostream.model.bayes.SghmcOptions;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.scoring.ScoringOptions;
import org.elbostream.model.threshold.ThresholdCalibrator;

/**
 * Every setting of a training run; stored in the bundle's provenance.
 *
 * @param epochs maximum number of passes over the training rows
 * @param batchSize rows per gradient step
 * @param learningRate Adam step size
 * @param validationFraction trailing fraction of rows held out (time order kept: the model is
 *     judged on the data that follows what it learned from)
 * @param patience epochs without a better validation ELBO before stopping
 * @param seed seeds initialisation, shuffling, noise and missingness: same seed, same bundle
 * @param missingInjection fraction of observed fields hidden from each training row, as Donut's
 *     missing-data injection, so the recognition network learns to work from partial records
 * @param architecture shape of the networks
 * @param scoring how records are scored (for calibration and in the service)
 * @param calibrator how thresholds are calibrated on the validation rows
 * @param trainingSamples K of the importance-weighted training bound; 1 is the ELBO
 * @param weightPrior precision lambda of the Gaussian prior N(0, 1/lambda) on the generative
 *     network's parameters (Rezende et al. 2014): each row's loss gains lambda |theta|^2 / (2 N) for
 *     N training rows, weight decay as MAP estimation derives it; 0 for none
 * @param weightSampling after point training, draw M samples of the generative weights from their
 *     posterior by stochastic-gradient HMC and score with all of them (a Bayesian generative
 *     network); null for a point estimate only
 * @param learningRateDecay how the learning rate falls when the validation bound stalls
 */
public record TrainingSettings(
    int epochs,
    int batchSize,
    double learningRate,
    double validationFraction,
    int patience,
    long seed,
    double missingInjection,
    Architecture architecture,
    ScoringOptions scoring,
    ThresholdCalibrator calibrator,
    int trainingSamples,
    double weightPrior,
    SghmcOptions weightSampling,
    LearningRateDecay learningRateDecay) {

  public static TrainingSettings defaults() {
    return new TrainingSettings(100, 128, 1e-3, 0.1, 10, 42, 0.1, Architecture.defaults(),
        ScoringOptions.defaults(), ThresholdCalibrator.defaults(), 1, 0, null, LearningRateDecay.none());
  }

  public TrainingSettings {
    if (epochs < 1 || batchSize < 1 || patience < 1) {
      throw new IllegalArgumentException("epochs, batchSize and patience must be positive");
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learningRate must be positive");
    }
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validationFraction must lie in (0, 1)");
    }
    if (!(missingInjection >= 0 && missingInjection < 1)) {
      throw new IllegalArgumentException("missingInjection must lie in [0, 1)");
    }
    if (!(weightPrior >= 0)) {
      throw new IllegalArgumentException("weightPrior must be >= 0, got " + weightPrior);
    }
    if (learningRateDecay == null) {
      throw new IllegalArgumentException("learningRateDecay must be given; LearningRateDecay.none() for a constant rate");
    }
    if (trainingSamples < 1) {
      throw new IllegalArgumentException("trainingSamples must be at least 1, got " + trainingSamples);
    }
  }

  public TrainingSettings withEpochs(int n) {
    return new TrainingSettings(n, batchSize, learningRate, validationFraction, patience, seed, missingInjection,
        architecture, scoring, calibrator, trainingSamples, weightPrior, weightSampling, learningRateDecay);
  }

  public TrainingSettings withSeed(long s) {
    return new TrainingSettings(epochs, batchSize, learningRate, validationFraction, patience, s, missingInjection,
        architecture, scoring, calibrator, trainingSamples, weightPrior, weightSampling, learningRateDecay);
  }

  public TrainingSettings withArchitecture(Architecture a) {
    return new TrainingSettings(epochs, batchSize, learningRate, validationFraction, patience, seed, missingInjection,
        a, scoring, calibrator, trainingSamples, weightPrior, weightSampling, learningRateDecay);
  }

  public TrainingSettings withScoring(ScoringOptions s) {
    return new TrainingSettings(epochs, batchSize, learningRate, validationFraction, patience, seed, missingInjection,
        architecture, s, calibrator, trainingSamples, weightPrior, weightSampling, learningRateDecay);
  }

  /**
   * Trains on the K-sample importance-weighted bound (as MIWAE does for imputation) instead of the
   * one-sample ELBO; 1 is plain SGVB. Costs K generative passes per record and step.
   */
  public TrainingSettings withTrainingSamples(int k) {
    return new TrainingSettings(epochs, batchSize, learningRate, validationFraction, patience, seed, missingInjection,
        architecture, scoring, calibrator, k, weightPrior, weightSampling, learningRateDecay);
  }

  /** A Gaussian prior of precision lambda on the generative parameters; 0 for none. */
  public TrainingSettings withWeightPrior(double lambda) {
    return new TrainingSettings(epochs, batchSize, learningRate, validationFraction, patience, seed, missingInjection,
        architecture, scoring, calibrator, trainingSamples, lambda, weightSampling, learningRateDecay);
  }

  /** SGHMC samples of the generative weights after point training; null for none. */
  public TrainingSettings withWeightSampling(SghmcOptions options) {
    return new TrainingSettings(epochs, batchSize, learningRate, validationFraction, patience, seed, missingInjection,
        architecture, scoring, calibrator, trainingSamples, weightPrior, options, learningRateDecay);
  }

  /** Reduce-on-plateau for the learning rate; {@link LearningRateDecay#none()} keeps it constant. */
  public TrainingSettings withLearningRateDecay(LearningRateDecay d) {
    return new TrainingSettings(epochs, batchSize, learningRate, validationFraction, patience, seed, missingInjection,
        architecture, scoring, calibrator, trainingSamples, weightPrior, weightSampling, d);
  }

  /** The settings as text, for the bundle's provenance. */
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("epochs", String.valueOf(epochs));
    out.put("batchSize", String.valueOf(batchSize));
    out.put("learningRate", String.valueOf(learningRate));
    out.put("validationFraction", String.valueOf(validationFraction));
    out.put("patience", String.valueOf(patience));
    out.put("learningRateDecay", learningRateDecay.toString());
    out.put("seed", String.valueOf(seed));
    out.put("missingInjection", String.valueOf(missingInjection));
    out.put("architecture", architecture.toString());
    out.put("scoring", scoring.toString());
    out.put("calibrator", calibrator.toString());
    out.put("trainingSamples", String.valueOf(trainingSamples));
    out.put("weightPrior", String.valueOf(weightPrior));
    if (weightSampling != null) {
      out.put("weightSampling", weightSampling.toString());
    }
    return out;
  }
}
