package org.elbostream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elbostream.cli.CommandResult.run;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code paper-mnist --quick}, as CI runs it, on the shared binarised MNIST. */
@Tag("integration")
class PaperMnistCommandTest {
  /** The shared data: ELBOSTREAM_DATA, or the project root's sibling shared/data (the tests run in cli/). */
  private static final Path MNIST = Path.of(System.getenv().getOrDefault("ELBOSTREAM_DATA", "../../shared/data"))
      .resolve("mnist").toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  @Test
  void shouldTrainEveryModelAndReportTestNllForEach() throws Exception {
    assumeTrue(Files.isDirectory(MNIST), "binarised MNIST not found at " + MNIST + "; set ELBOSTREAM_DATA");
    Path json = tmp.resolve("mnist.json");
    // No test split is shipped: the validation images stand in for one in this smoke run.
    CommandResult r = run("paper-mnist", "--quick", "--test", MNIST.resolve("binarized_mnist_valid-idx3-ubyte.gz")
        .toString(), "--train", MNIST.resolve("binarized_mnist_train-idx3-ubyte.gz").toString(), "--valid",
        MNIST.resolve("binarized_mnist_valid-idx3-ubyte.gz").toString(), "--json", json.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    for (String model : new String[] {"vae", "dlgm_diagonal", "dlgm_rank_one", "nvil_sbn"}) {
      double nll = o.get("nll." + model).getAsDouble();
      // Below 784 ln 2 = 543 nats, what a model knowing nothing (every pixel a fair coin) pays.
      assertThat(nll).as(model).isPositive().isLessThan(784 * Math.log(2) - 100);
      assertThat(o.get("epochs." + model).getAsInt()).as(model).isEqualTo(2);
    }
  }

  @Test
  void shouldDrawTheTwoDimensionalLatentSpaceColouredByLabel() throws Exception {
    assumeTrue(Files.isDirectory(MNIST), "binarised MNIST not found at " + MNIST + "; set ELBOSTREAM_DATA");
    Path valid = MNIST.resolve("binarized_mnist_valid-idx3-ubyte.gz");
    // Labels in the IDX layout; which digit each image is does not matter to this smoke run.
    byte[] digits = new byte[10_000];
    for (int i = 0; i < digits.length; i++) {
      digits[i] = (byte) (i % 10);
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    out.writeInt(0x801);
    out.writeInt(digits.length);
    out.write(digits);
    Path labels = Files.write(tmp.resolve("labels.idx"), bytes.toByteArray());
    Path png = tmp.resolve("latent.png");
    Path json = tmp.resolve("latent.json");

    CommandResult missing = run("paper-mnist", "--quick", "--test", valid.toString(), "--latent-plot", png.toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--labels");
    byte[] fewer = bytes.toByteArray().clone();
    java.nio.ByteBuffer.wrap(fewer).putInt(4, 5);
    Path five = Files.write(tmp.resolve("five.idx"), java.util.Arrays.copyOf(fewer, 8 + 5));
    CommandResult mismatch = run("paper-mnist", "--quick", "--test", valid.toString(), "--latent-plot", png.toString(),
        "--labels", five.toString());
    assertThat(mismatch.code()).isEqualTo(2);
    assertThat(mismatch.err()).contains("5 labels for the 10000 images");

    CommandResult r = run("paper-mnist", "--quick", "--test", valid.toString(), "--train",
        MNIST.resolve("binarized_mnist_train-idx3-ubyte.gz").toString(), "--valid", valid.toString(), "--models", "vae",
        "--latent-plot", png.toString(), "--labels", labels.toString(), "--curves", tmp.toString(),
        "--json", json.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertThat(o.get("nll.vae_2d").getAsDouble()).isPositive().isLessThan(784 * Math.log(2));
    assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isPositive();
    assertThat(tmp.resolve("vae-curve.png")).exists();
    assertThat(tmp.resolve("vae_2d-curve.png")).exists();
  }

  @Test
  void shouldRefuseATestFileThatIsNotBinaryImages() throws Exception {
    Path csv = Files.writeString(tmp.resolve("test.csv"), "a,b\n1,2\n");
    CommandResult r = run("paper-mnist", "--quick", "--test", csv.toString(), "--models", "vae");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("test.csv").contains("not an IDX file");
  }
}
