package org.elbostream.cli.offline;

import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.elbostream.cli.console.ProgressBar;
import org.elbostream.cli.console.TrainingProgress;
import org.elbostream.trainer.data.IdxImages;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.fit.LearningRateDecay;
import org.elbostream.trainer.fit.TrainingSettings;
import org.elbostream.trainer.mnist.PaperMnist;
import org.elbostream.trainer.mnist.PaperModel;
import org.elbostream.trainer.report.MnistCharts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code elbostream paper-mnist}: the seed papers' binarised-MNIST table. Trains each model on the
 * 50,000 training images (early stopping and the curve on the 10,000 validation images) and reports
 * the test negative log-likelihood in nats, estimated with K importance samples per image.
 */
@Command(name = "paper-mnist", mixinStandardHelpOptions = true, modelTransformer = PaperMnistCommand.Settings.class,
    header = "Train the seed papers' models on binarised MNIST and report their test NLL.",
    description = {"Train the papers' models on binarised MNIST and report test NLL (nats) from K importance samples:",
        "one-layer VAE, DLGM with a diagonal and with a rank-one posterior, and a 200-200 sigmoid belief net by NVIL."})
public final class PaperMnistCommand implements Callable<Integer> {
  @Option(names = "--train", description = "Training images, IDX (default: the shared data's binarized_mnist_train).")
  Path trainFile;

  @Option(names = "--valid", description = "Validation images, IDX (default: the shared data's binarized_mnist_valid).")
  Path validFile;

  @Option(names = "--test", required = true, description = "Test images, IDX of 0/1 bytes, plain or gzip.")
  Path testFile;

  @Option(names = "--models", split = ",", description = "Models to train (default: all): ${COMPLETION-CANDIDATES}.")
  List<PaperModel> models;

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

  @Spec
  CommandSpec spec;

  /** The learning-rate schedule's settings as options, made from their declarations. */
  static final class Settings extends SettingOptions.Declared {
    Settings() {
      super(List.of(TrainingSettings.LR_DECAY, TrainingSettings.LR_WAIT));
    }
  }

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
    PaperMnist.Images images = new PaperMnist.Images(train, valid, test.rows());
    int maxEpochs = epochs;
    int k = samples;
    if (quick) {
      images = images.quick();
      labels = labels == null ? null : Arrays.copyOf(labels, images.test().size());
      maxEpochs = 2;
      k = 100;
    }
    int pixels = images.train().get(0).length;
    if (images.valid().get(0).length != pixels || images.test().get(0).length != pixels) {
      throw new IllegalArgumentException(testFile + ": images of " + images.test().get(0).length + " pixels, the"
          + " training images have " + pixels);
    }
    System.out.printf("binarised MNIST: %,d train, %,d validation, %,d test images; up to %d epochs; %d importance"
        + " samples per test image%n", images.train().size(), images.valid().size(), images.test().size(), maxEpochs, k);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("test", testFile.toString());
    out.put("importance_samples", k);
    out.put("quick", quick);
    System.out.println("| model | test NLL (nats) | paper | epochs | seconds |");
    System.out.println("|---|---|---|---|---|");
    List<PaperModel> run = new ArrayList<>(models != null ? models : PaperModel.TABLE);
    if (latentPlot != null && !run.contains(PaperModel.vae_2d)) {
      run.add(PaperModel.vae_2d);
    }
    PaperMnist table = new PaperMnist(maxEpochs, k, seed, new LearningRateDecay(
        SettingOptions.value(spec, TrainingSettings.LR_DECAY), SettingOptions.value(spec, TrainingSettings.LR_WAIT)));
    for (PaperModel model : run) {
      long start = System.nanoTime();
      ProgressBar bar = ProgressBar.onStderr();
      boolean plot = model == PaperModel.vae_2d && latentPlot != null;
      PaperMnist.Result r = table.run(model, images, plot, TrainingProgress.on(bar, maxEpochs, true));
      bar.finish();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("| %s | %.2f | %s | %d | %.0f |%n", model, r.testNll(),
          Double.isNaN(model.paperNll()) ? "-" : String.format("%.2f", model.paperNll()), r.epochs(), seconds);
      out.put("nll." + model, r.testNll());
      out.put("epochs." + model, r.epochs());
      out.put("seconds." + model, seconds);
      if (curves != null) {
        Files.createDirectories(curves);
        Files.write(curves.resolve(model + "-curve.png"), MnistCharts.curve(r));
      }
      if (plot) {
        Files.write(latentPlot, MnistCharts.latentSpace(r.latentMeans(), labels));
        System.out.println("wrote " + latentPlot);
      }
    }
    if (json != null) {
      Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(out));
      System.out.println("wrote " + json);
    }
    return 0;
  }
}
