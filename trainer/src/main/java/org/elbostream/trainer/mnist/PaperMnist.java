package org.elbostream.trainer.mnist;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.kind.ModelKind;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.model.scoring.ScoringOptions;
import org.elbostream.trainer.data.IdxImages;
import org.elbostream.trainer.fit.EpochStats;
import org.elbostream.trainer.fit.FitListener;
import org.elbostream.trainer.fit.FittedModel;
import org.elbostream.trainer.fit.KindFitter;
import org.elbostream.trainer.fit.LearningRateDecay;
import org.elbostream.trainer.fit.TrainingRows;
import org.elbostream.trainer.fit.TrainingSettings;

/**
 * Runs one row of the binarised-MNIST table: trains a {@link PaperModel} on the training images
 * (early stopping and the curve on the validation images) and estimates the test negative
 * log-likelihood with K importance samples per image (Burda et al.'s estimator).
 *
 * @param maxEpochs epochs at most per model
 * @param importanceSamples K, per test image
 * @param seed of initialisation, batches and samples
 * @param learningRateDecay the schedule of Adam's step size
 */
public record PaperMnist(int maxEpochs, int importanceSamples, long seed, LearningRateDecay learningRateDecay) {
  /** The images of a run, each a row of 0/1 pixels. */
  public record Images(List<double[]> train, List<double[]> valid, List<double[]> test) {
    /** The first images only: a smoke run's 5,000 training, 1,000 validation and 1,000 test images. */
    public Images quick() {
      return new Images(train.subList(0, Math.min(5000, train.size())), valid.subList(0, Math.min(1000, valid.size())),
          test.subList(0, Math.min(1000, test.size())));
    }
  }

  /**
   * @param testNll mean -log p(x) over the test images, nats
   * @param history the learning curve
   * @param latentMeans the mean of q(z|x) of each test image, when asked for (else null)
   */
  public record Result(PaperModel model, double testNll, List<EpochStats> history, double[][] latentMeans) {
    public int epochs() {
      return history.size();
    }
  }

  /** The settings of every model's run: batches of 100 as in the papers, no missing-field injection. */
  TrainingSettings config(PaperModel model) {
    return TrainingSettings.builder().epochs(maxEpochs).batchSize(100).patience(20).seed(seed).missingInjection(0)
        .architecture(model.architecture()).weightPrior(model.weightPrior()).learningRateDecay(learningRateDecay)
        .build();
  }

  /**
   * Trains {@code model} and measures it on the test images.
   *
   * @param latentMeans also return each test image's posterior mean
   */
  public Result run(PaperModel model, Images images, boolean latentMeans, FitListener listener) {
    int pixels = images.train().get(0).length;
    FeatureSpec spec = IdxImages.spec(pixels).withStatisticsOf(images.train());
    FeatureLayout layout = new FeatureLayout(spec);
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainingSettings settings = config(model);
      FittedModel fit = KindFitter.of(ModelKind.of(settings.architecture()))
          .fit(settings, layout, TrainingRows.of(images.train(), images.valid()), listener, manager);
      double[] logP = fit.model().logMarginal(images.test(), importanceSamples, seed);
      double[][] means = null;
      if (latentMeans) {
        RowScorer scorer = fit.model().scorer(new ScoringOptions(1, false, true));
        means = new double[images.test().size()][];
        for (int from = 0; from < means.length; from += 1000) {
          List<RecordScore> scores = scorer.score(images.test().subList(from, Math.min(means.length, from + 1000)));
          for (int i = 0; i < scores.size(); i++) {
            means[from + i] = scores.get(i).latentMean();
          }
        }
      }
      return new Result(model, -Arrays.stream(logP).average().orElseThrow(), fit.history(), means);
    }
  }
}
