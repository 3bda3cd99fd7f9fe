package org.elbostream.trainer.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.net.VaeNetworks;
import org.elbostream.model.scoring.MarginalLikelihood;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.scoring.Scorer;
import org.elbostream.model.scoring.ScoringOptions;
import org.elbostream.trainer.data.IdxImages;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.fit.EpochStats;
import org.elbostream.trainer.fit.NvilTrainer;
import org.elbostream.trainer.fit.SgvbTrainer;
import org.elbostream.trainer.fit.TrainingConfig;
import org.elbostream.trainer.report.Chart;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elbostream paper-mnist}: the seed papers' binarised-MNIST table. Trains each model on the
 * 50,000 training images (early stopping and the curve on the 10,000 validation images) and reports
 * the test negative log-likelihood in nats, estimated with K importance samples per image.
 */
@Command(name = "paper-mnist", mixinStandardHelpOptions = true,
    description = {"Train the papers' models on binarised MNIST and report test NLL (nats) from K importance samples:",
        "one-layer VAE, DLGM with a diagonal and with a rank-one posterior, and a 200-200 sigmoid belief net by NVIL."})
public final class PaperMnistCommand implements Callable<Integer> {
  /** The models of the table, with the papers' figures where they give one. */
  public enum Model {
    vae(Double.NaN), dlgm_diagonal(87.30), dlgm_rank_one(86.60), nvil_sbn(99.7),
    /** A VAE with a 2-D latent space, for the papers' latent-space picture; not in the default table. */
    vae_2d(Double.NaN);

    /** The table's rows: what runs when {@code --models} is not given. */
    static final List<Model> TABLE = List.of(vae, dlgm_diagonal, dlgm_rank_one, nvil_sbn);

    /** Test NLL the paper reports, nats (NaN: none in the seed papers). */
    final double paper;

    Model(double paper) {
      this.paper = paper;
    }
  }

  @Option(names = "--train", description = "Training images, IDX (default: the shared data's binarized_mnist_train).")
  Path trainFile;

  @Option(names = "--valid", description = "Validation images, IDX (default: the shared data's binarized_mnist_valid).")
  Path validFile;

  @Option(names = "--test", required = true, description = "Test images, IDX of 0/1 bytes, plain or gzip.")
  Path testFile;

  @Option(names = "--models", split = ",", description = "Models to train (default: all): ${COMPLETION-CANDIDATES}.")
  List<Model> models;

  @Option(names = "--epochs", defaultValue = "1000", description = "Maximum epochs per model (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--samples", defaultValue = "5000", description = "Importance samples per test image (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of initialisation, batches and samples (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--quick", description = "A smoke run for CI: 2 epochs on 5,000 training and 1,000 validation images,"
      + " 100 importance samples on the first 1,000 test images. Its NLLs are not the table's.")
  boolean quick;

  @Option(names = "--latent-plot", description = "Also train vae_2d and draw the test images' posterior means in its"
      + " 2-D latent space, coloured by digit (needs --labels), to this PNG file.")
  Path latentPlot;

  @Option(names = "--labels", description = "Digit labels of the test images, IDX (for --latent-plot).")
  Path labelsFile;

  @Option(names = "--curves", description = "Write each model's learning curve (train and validation ELBO per epoch,"
      + " and the paper's figure) as <model>-curve.png into this folder.")
  Path curves;

  @CommandLine.Mixin
  LearningRateOptions learningRate = new LearningRateOptions();

  @Option(names = "--json", description = "Write nll.<model>, epochs.<model>, seconds.<model> to this file.")
  Path json;

  static final Path SHARED = Path.of(System.getProperty("elbostream.home", ".")).resolve("../shared/data/mnist");

  @Override
  public Integer call() throws Exception {
    Table test = IdxImages.read(testFile); // first: a wrong test file fails before minutes of training
    int[] labels = null;
    if (latentPlot != null) {
      if (labelsFile == null) {
        throw new IllegalArgumentException("--latent-plot colours the test images by digit: give their --labels");
      }
      labels = IdxImages.labels(labelsFile);
      if (labels.length != test.size()) {
        throw new IllegalArgumentException(labelsFile + ": " + labels.length + " labels for the " + test.size()
            + " images of " + testFile);
      }
    }
    List<double[]> train = IdxImages.read(trainFile != null ? trainFile
        : SHARED.resolve("binarized_mnist_train-idx3-ubyte.gz")).rows();
    List<double[]> valid = IdxImages.read(validFile != null ? validFile
        : SHARED.resolve("binarized_mnist_valid-idx3-ubyte.gz")).rows();
    List<double[]> testRows = test.rows();
    int maxEpochs = epochs;
    int k = samples;
    if (quick) {
      train = train.subList(0, Math.min(5000, train.size()));
      valid = valid.subList(0, Math.min(1000, valid.size()));
      testRows = testRows.subList(0, Math.min(1000, testRows.size()));
      labels = labels == null ? null : Arrays.copyOf(labels, testRows.size());
      maxEpochs = 2;
      k = 100;
    }
    int pixels = train.get(0).length;
    if (valid.get(0).length != pixels || testRows.get(0).length != pixels) {
      throw new IllegalArgumentException(testFile + ": images of " + testRows.get(0).length + " pixels, the training"
          + " images have " + pixels);
    }
    System.out.printf("binarised MNIST: %,d train, %,d validation, %,d test images; up to %d epochs; %d importance"
        + " samples per test image%n", train.size(), valid.size(), testRows.size(), maxEpochs, k);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("test", testFile.toString());
    out.put("importance_samples", k);
    out.put("quick", quick);
    System.out.println("| model | test NLL (nats) | paper | epochs | seconds |");
    System.out.println("|---|---|---|---|---|");
    List<Model> run = new ArrayList<>(models != null ? models : Model.TABLE);
    if (latentPlot != null && !run.contains(Model.vae_2d)) {
      run.add(Model.vae_2d);
    }
    for (Model model : run) {
      long start = System.nanoTime();
      Result r = model == Model.nvil_sbn ? sigmoidBeliefNet(train, valid, testRows, maxEpochs, k)
          : latentGaussian(model, train, valid, testRows, maxEpochs, k, labels);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("| %s | %.2f | %s | %d | %.0f |%n", model, r.nll(),
          Double.isNaN(model.paper) ? "-" : String.format("%.2f", model.paper), r.epochs(), seconds);
      out.put("nll." + model, r.nll());
      out.put("epochs." + model, r.epochs());
      out.put("seconds." + model, seconds);
      if (curves != null) {
        drawCurve(model, r);
      }
    }
    if (json != null) {
      Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(out));
      System.out.println("wrote " + json);
    }
    return 0;
  }

  private record Result(double nll, List<EpochStats> history) {
    int epochs() {
      return history.size();
    }
  }

  private TrainingConfig config(int maxEpochs, Architecture architecture) {
    // Binary images: no missing-field injection; batches of 100 as in the papers.
    return new TrainingConfig(maxEpochs, 100, 1e-3, 0.1, 20, seed, 0, architecture,
        TrainingConfig.defaults().scoring(), TrainingConfig.defaults().calibrator(), 1, 0, null, learningRate.decay());
  }

  /** The VAE and the DLGMs: 200-200 ReLU MLPs, 50 latent dimensions (two layers of 50 for the DLGMs). */
  private Result latentGaussian(Model model, List<double[]> train, List<double[]> valid, List<double[]> test,
      int maxEpochs, int k, int[] labels) throws Exception {
    double floor = Architecture.defaults().minLogVariance();
    Architecture architecture = switch (model) {
      case vae -> new Architecture(50, List.of(200, 200), floor);
      case vae_2d -> new Architecture(2, List.of(200, 200), floor);
      case dlgm_diagonal -> Architecture.deep(List.of(50, 50), List.of(200, 200), floor, Architecture.Posterior.DIAGONAL);
      default -> Architecture.deep(List.of(50, 50), List.of(200, 200), floor, Architecture.Posterior.RANK_ONE);
    };
    TrainingConfig config = config(maxEpochs, architecture);
    if (model == Model.dlgm_diagonal || model == Model.dlgm_rank_one) {
      config = config.withWeightPrior(1); // the DLGM's Gaussian prior on the generative weights
    }
    FeatureSpec spec = IdxImages.spec(train.get(0).length).withStatisticsOf(train);
    ProgressBar bar = ProgressBar.onStderr();
    try (NDManager manager = NDManager.newBaseManager()) {
      SgvbTrainer.Fit fit = new SgvbTrainer(config, TrainCommand.progress(bar, maxEpochs, true))
          .fit(new FeatureLayout(spec), train, valid, manager);
      bar.finish();
      double[] logP = new MarginalLikelihood(fit.networks(), manager).logMarginal(test, k, seed);
      if (model == Model.vae_2d && latentPlot != null) {
        drawLatentSpace(fit.networks(), test, labels, manager);
      }
      return new Result(-Arrays.stream(logP).average().orElseThrow(), fit.history());
    }
  }

  private void drawCurve(Model model, Result r) throws IOException {
    // From epoch 2 on: the first epoch's mean, taken while the networks were still random, would
    // flatten the rest of the curve.
    List<EpochStats> h = r.history().size() > 2 ? r.history().subList(1, r.history().size()) : r.history();
    double[] epoch = h.stream().mapToDouble(EpochStats::epoch).toArray();
    Chart chart = new Chart(model + ": ELBO per epoch (nats per image); test NLL " + String.format("%.2f", r.nll()),
        "epoch", "ELBO")
        .line("train", epoch, h.stream().mapToDouble(EpochStats::trainElbo).toArray())
        .line("validation", epoch, h.stream().mapToDouble(EpochStats::validationElbo).toArray());
    if (!Double.isNaN(model.paper)) {
      chart.level("paper's test NLL, negated", -model.paper);
    }
    Files.createDirectories(curves);
    Files.write(curves.resolve(model + "-curve.png"), chart.png());
  }

  /** The test images' posterior means in the 2-D latent space, coloured by digit (Kingma &amp; Welling, Fig. 4). */
  private void drawLatentSpace(VaeNetworks networks, List<double[]> test, int[] labels, NDManager manager)
      throws IOException {
    Scorer scorer = new Scorer(networks, new ScoringOptions(1, false, true), manager);
    double[] x = new double[test.size()];
    double[] y = new double[test.size()];
    for (int from = 0; from < test.size(); from += 1000) {
      List<RecordScore> scores = scorer.score(test.subList(from, Math.min(test.size(), from + 1000)));
      for (int i = 0; i < scores.size(); i++) {
        x[from + i] = scores.get(i).latentMean()[0];
        y[from + i] = scores.get(i).latentMean()[1];
      }
    }
    String[] digits = IntStream.range(0, 10).mapToObj(d -> "digit " + d).toArray(String[]::new);
    Files.write(latentPlot, new Chart("Test images in the 2-D latent space: mean of q(z|x), by digit", "z1", "z2")
        .groups(x, y, labels, digits).png());
    System.out.println("wrote " + latentPlot);
  }

  private Result sigmoidBeliefNet(List<double[]> train, List<double[]> valid, List<double[]> test, int maxEpochs, int k) {
    ProgressBar bar = ProgressBar.onStderr();
    FeatureSpec spec = IdxImages.spec(train.get(0).length).withStatisticsOf(train);
    Architecture architecture = Architecture.sigmoidBelief(List.of(200, 200), Architecture.defaults().minLogVariance());
    try (NDManager manager = NDManager.newBaseManager()) {
      NvilTrainer.Fit fit = new NvilTrainer(100, config(maxEpochs, architecture), TrainCommand.progress(bar, maxEpochs, true))
          .fit(new FeatureLayout(spec), train, valid, manager);
      bar.finish();
      double[] logP = fit.network().logMarginal(test, k, seed, manager);
      return new Result(-Arrays.stream(logP).average().orElseThrow(), fit.history());
    }
  }
}
