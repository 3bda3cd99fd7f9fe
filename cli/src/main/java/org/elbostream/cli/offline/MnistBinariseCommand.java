package org.elbostream.cli.offline;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.elbostream.trainer.data.IdxImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elbostream mnist-binarise}: a fixed stochastic binarisation of grey-level IDX images, the way
 * the benchmark's binarised MNIST was made, e.g. a test set from MNIST's t10k images for
 * {@code paper-mnist --test}.
 */
@Command(name = "mnist-binarise", mixinStandardHelpOptions = true,
    description = "Binarise grey-level IDX images: each pixel is 1 with probability grey/255, drawn from a seed.")
public final class MnistBinariseCommand implements Callable<Integer> {
  @Option(names = "--images", required = true, description = "Grey-level images, IDX (e.g. t10k-images-idx3-ubyte).")
  Path images;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Binary images to write, gzip IDX.")
  Path out;

  @Override
  public Integer call() throws Exception {
    int n = IdxImages.binarise(images, seed, out);
    System.out.printf("wrote %,d binarised images to %s (seed %d)%n", n, out, seed);
    return 0;
  }
}
