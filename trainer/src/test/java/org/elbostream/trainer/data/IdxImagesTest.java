package org.elbostream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.elbostream.model.feature.Likelihood;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxImagesTest {
  @TempDir
  Path tmp;

  private static byte[] idx(int magic, int count, int height, int width, byte[] pixels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(count);
    out.writeInt(height);
    out.writeInt(width);
    out.write(pixels);
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] content, boolean gzip) throws IOException {
    Path file = tmp.resolve(name);
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(content);
    }
    return file;
  }

  @Test
  void shouldReadBinaryImagesAsBernoulliPixelsPlainOrGzip() throws Exception {
    byte[] content = idx(0x803, 2, 2, 3, new byte[] {0, 1, 0, 1, 1, 0, 1, 1, 1, 0, 0, 0});
    for (boolean gzip : new boolean[] {false, true}) {
      Table table = IdxImages.read(write("images" + gzip, content, gzip));
      assertThat(table.size()).isEqualTo(2);
      assertThat(table.rows().get(0)).containsExactly(0, 1, 0, 1, 1, 0);
      assertThat(table.rows().get(1)).containsExactly(1, 1, 1, 0, 0, 0);
      assertThat(table.spec().featureNames()).containsExactly("p0", "p1", "p2", "p3", "p4", "p5");
      assertThat(table.spec().features()).allMatch(f -> f.likelihood() == Likelihood.BERNOULLI);
    }
  }

  @Test
  void shouldRefuseGreyLevelsWrongMagicAndTruncatedFilesNamingTheImage() throws Exception {
    Path grey = write("grey", idx(0x803, 2, 1, 2, new byte[] {0, 1, 1, (byte) 200}), true);
    assertThatThrownBy(() -> IdxImages.read(grey)).isInstanceOf(DataFileException.class)
        .hasMessageContaining("grey").hasMessageContaining("image 2, pixel 1 is 200");
    Path labels = write("labels", idx(0x801, 1, 1, 1, new byte[] {0}), false);
    assertThatThrownBy(() -> IdxImages.read(labels)).hasMessageContaining("magic 0x00000801");
    Path cut = write("cut", idx(0x803, 3, 1, 2, new byte[] {0, 1, 1, 0}), false);
    assertThatThrownBy(() -> IdxImages.read(cut)).hasMessageContaining("ends inside image 3 of the 3");
    Path extra = write("extra", idx(0x803, 1, 1, 2, new byte[] {0, 1, 1}), false);
    assertThatThrownBy(() -> IdxImages.read(extra)).hasMessageContaining("bytes after the 1 images");
  }

  @Test
  void shouldBinariseGreyLevelsWithTheirProbabilityReproduciblyAndReadLabels() throws Exception {
    int n = 4000;
    byte[] grey = new byte[n * 3];
    for (int i = 0; i < n; i++) {
      grey[3 * i] = 0;
      grey[3 * i + 1] = (byte) 64;
      grey[3 * i + 2] = (byte) 255;
    }
    Path in = write("grey", idx(0x803, n, 1, 3, grey), false);
    Path a = tmp.resolve("a.gz");
    Path b = tmp.resolve("b.gz");
    assertThat(IdxImages.binarise(in, 7, a)).isEqualTo(n);
    IdxImages.binarise(in, 7, b);
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    Table table = IdxImages.read(a);
    int[] ones = new int[3];
    for (double[] row : table.rows()) {
      for (int p = 0; p < 3; p++) {
        ones[p] += (int) row[p];
      }
    }
    assertThat(ones[0]).isZero();
    assertThat(ones[1] / (double) n).isCloseTo(64 / 255.0, org.assertj.core.api.Assertions.within(0.03));
    assertThat(ones[2]).isEqualTo(n);

    ByteArrayOutputStream labels = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(labels);
    out.writeInt(0x801);
    out.writeInt(3);
    out.write(new byte[] {7, 0, 9});
    assertThat(IdxImages.labels(write("labels", labels.toByteArray(), true))).containsExactly(7, 0, 9);
    assertThatThrownBy(() -> IdxImages.labels(in)).hasMessageContaining("grey").hasMessageContaining("not an IDX label file");
  }
}
