package org.elbostream.trainer.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.feature.Likelihood;

/**
 * Images in the IDX format of MNIST (magic 0x00000803: unsigned bytes, three dimensions: images,
 * rows, columns) and their labels (magic 0x00000801: one unsigned byte per image), plain or gzip.
 * {@link #read} gives binary images as a table of boolean pixels {@code p0 .. p<rows*cols-1>} in
 * row-major order, each Bernoulli in the model; every byte must be 0 or 1: a grey-level file is
 * refused rather than thresholded, because the binarisation is part of the benchmark.
 * {@link #binarise} makes such a file from grey levels the way the benchmark's was made.
 */
public final class IdxImages {
  private static final int UNSIGNED_BYTE_3D = 0x00000803;
  private static final int UNSIGNED_BYTE_1D = 0x00000801;

  private IdxImages() {}

  /** Binary images as a table of pixels. */
  public static Table read(Path file) throws IOException {
    List<double[]> rows = new ArrayList<>();
    int pixels = readImages(file, (index, image) -> {
      double[] row = new double[image.length];
      for (int p = 0; p < image.length; p++) {
        if (image[p] != 0 && image[p] != 1) {
          throw new DataFileException(file, 0, "image " + (index + 1) + ", pixel " + p + " is " + (image[p] & 0xff)
              + ": binarised images hold only 0 and 1");
        }
        row[p] = image[p];
      }
      rows.add(row);
    });
    return new Table(file, spec(pixels), rows);
  }

  /**
   * Stochastic binarisation (Salakhutdinov &amp; Murray 2008): pixel p becomes 1 with probability
   * grey / 255, one draw per pixel from a seeded generator, so the same seed gives the same file.
   * Writes {@code out} gzip-compressed; returns the number of images.
   */
  public static int binarise(Path grey, long seed, Path out) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> binary = new ArrayList<>();
    int[] shape = new int[2];
    readImages(grey, (index, image) -> {
      byte[] b = new byte[image.length];
      for (int p = 0; p < image.length; p++) {
        b[p] = (byte) (random.nextDouble() * 255 < (image[p] & 0xff) ? 1 : 0);
      }
      binary.add(b);
    }, shape);
    try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(
        new GZIPOutputStream(Files.newOutputStream(out)), 1 << 16))) {
      o.writeInt(UNSIGNED_BYTE_3D);
      o.writeInt(binary.size());
      o.writeInt(shape[0]);
      o.writeInt(shape[1]);
      for (byte[] b : binary) {
        o.write(b);
      }
    }
    return binary.size();
  }

  /** One label byte per image (MNIST's digits 0-9). */
  public static int[] labels(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != UNSIGNED_BYTE_1D) {
        throw new DataFileException(file, 0, String.format(
            "not an IDX label file: magic 0x%08x, expected 0x%08x", magic, UNSIGNED_BYTE_1D));
      }
      int count = in.readInt();
      if (count < 1) {
        throw new DataFileException(file, 0, "implausible label count " + count);
      }
      byte[] bytes = new byte[count];
      try {
        in.readFully(bytes);
      } catch (EOFException e) {
        throw new DataFileException(file, 0, "ends before the " + count + " labels its header declares");
      }
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = bytes[i] & 0xff;
      }
      return labels;
    }
  }

  /** {@code pixels} boolean features named p0, p1, ... */
  public static FeatureSpec spec(int pixels) {
    List<FieldSpec> fields = new ArrayList<>(pixels);
    for (int p = 0; p < pixels; p++) {
      fields.add(FieldSpec.feature("p" + p, Likelihood.BERNOULLI, false, List.of()));
    }
    return new FeatureSpec(fields);
  }

  private interface ImageSink {
    void accept(int index, byte[] image);
  }

  private static int readImages(Path file, ImageSink sink) throws IOException {
    return readImages(file, sink, new int[2]);
  }

  /** Streams the images to {@code sink}; returns pixels per image and fills {@code shape} (rows, columns). */
  private static int readImages(Path file, ImageSink sink, int[] shape) throws IOException {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != UNSIGNED_BYTE_3D) {
        throw new DataFileException(file, 0, String.format(
            "not an IDX file of unsigned-byte images: magic 0x%08x, expected 0x%08x", magic, UNSIGNED_BYTE_3D));
      }
      int count = in.readInt();
      int height = in.readInt();
      int width = in.readInt();
      if (count < 1 || height < 1 || width < 1 || (long) height * width > 1 << 20) {
        throw new DataFileException(file, 0, "implausible IDX dimensions " + count + " x " + height + " x " + width);
      }
      shape[0] = height;
      shape[1] = width;
      for (int i = 0; i < count; i++) {
        byte[] image = new byte[height * width];
        try {
          in.readFully(image);
        } catch (EOFException e) {
          throw new DataFileException(file, 0, "ends inside image " + (i + 1) + " of the " + count + " its header declares");
        }
        sink.accept(i, image);
      }
      if (in.read() != -1) {
        throw new DataFileException(file, 0, "has bytes after the " + count + " images its header declares");
      }
      return height * width;
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
    raw.reset();
    return new DataInputStream(new BufferedInputStream(gzip ? new GZIPInputStream(raw) : raw, 1 << 16));
  }
}
