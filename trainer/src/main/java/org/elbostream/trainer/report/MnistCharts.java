package org.elbostream.trainer.report;

import java.util.List;
import java.util.stream.IntStream;
import org.elbostream.trainer.fit.EpochStats;
import org.elbostream.trainer.mnist.PaperMnist;

/** The pictures of the binarised-MNIST table: a model's learning curve, and the 2-D latent space. */
public final class MnistCharts {
  private MnistCharts() {}

  /** Train and validation ELBO per epoch, with the paper's test NLL (negated) as a level, as PNG. */
  public static byte[] curve(PaperMnist.Result r) {
    // From epoch 2 on: the first epoch's mean, taken while the networks were still random, would
    // flatten the rest of the curve.
    List<EpochStats> h = r.history().size() > 2 ? r.history().subList(1, r.history().size()) : r.history();
    double[] epoch = h.stream().mapToDouble(EpochStats::epoch).toArray();
    Chart chart = new Chart(r.model() + ": ELBO per epoch (nats per image); test NLL " + String.format("%.2f", r.testNll()),
        "epoch", "ELBO")
        .line("train", epoch, h.stream().mapToDouble(EpochStats::trainElbo).toArray())
        .line("validation", epoch, h.stream().mapToDouble(EpochStats::validationElbo).toArray());
    if (!Double.isNaN(r.model().paperNll())) {
      chart.level("paper's test NLL, negated", -r.model().paperNll());
    }
    return chart.png();
  }

  /** The test images' posterior means in a 2-D latent space, coloured by digit (Kingma &amp; Welling, Fig. 4), as PNG. */
  public static byte[] latentSpace(double[][] means, int[] digits) {
    double[] x = new double[means.length];
    double[] y = new double[means.length];
    for (int i = 0; i < means.length; i++) {
      x[i] = means[i][0];
      y[i] = means[i][1];
    }
    String[] names = IntStream.range(0, 10).mapToObj(d -> "digit " + d).toArray(String[]::new);
    return new Chart("Test images in the 2-D latent space: mean of q(z|x), by digit", "z1", "z2")
        .groups(x, y, digits, names).png();
  }
}
