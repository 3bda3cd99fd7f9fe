package org.elbostream.trainer.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.model.feature.Likelihood;

/**
 * Binary images in the IDX format of MNIST (magic 0x00000803: unsigned bytes, three dimensions:
 * images, rows, columns), plain or gzip, as a table of boolean pixels {@code p0 .. p<rows*cols-1>}
 * in row-major order, each Bernoulli in the model. Every byte must be 0 or 1: a grey-level file is
 * refused rather than thresholded, because the binarisation is part of the benchmark.
 */
public final class IdxImages {
  private static final int UNSIGNED_BYTE_3D = 0x00000803;

  private IdxImages() {}

  public static Table read(Path file) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      DataInputStream in = new DataInputStream(new BufferedInputStream(gzip ? new GZIPInputStream(raw) : raw, 1 << 16));
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
      int pixels = height * width;
      byte[] image = new byte[pixels];
      List<double[]> rows = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        try {
          in.readFully(image);
        } catch (EOFException e) {
          throw new DataFileException(file, 0, "ends inside image " + (i + 1) + " of the " + count + " its header declares");
        }
        double[] row = new double[pixels];
        for (int p = 0; p < pixels; p++) {
          if (image[p] != 0 && image[p] != 1) {
            throw new DataFileException(file, 0, "image " + (i + 1) + ", pixel " + p + " is " + (image[p] & 0xff)
                + ": binarised images hold only 0 and 1");
          }
          row[p] = image[p];
        }
        rows.add(row);
      }
      if (in.read() != -1) {
        throw new DataFileException(file, 0, "has bytes after the " + count + " images its header declares");
      }
      return new Table(file, spec(pixels), rows);
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
}
