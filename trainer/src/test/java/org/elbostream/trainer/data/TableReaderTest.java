package org.elbostream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.Schema;
import org.elbostream.model.feature.FeatureSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReaderTest {
  @TempDir
  Path tmp;

  private Path file(String name, String text) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void shouldReadAHeaderlessNumericGzipFileAsNullableColumns() throws IOException {
    Path p = tmp.resolve("smd.txt.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write("0.1,0.2,0.3\n0.4,,0.6\n".getBytes(StandardCharsets.UTF_8));
    }
    Table t = TableReader.read(p);
    assertThat(t.spec().featureNames()).containsExactly("x0", "x1", "x2");
    assertThat(t.rows()).hasSize(2);
    assertThat(t.rows().get(1)[1]).as("an empty cell is missing").isNaN();
    assertThat(t.rows().get(1)[2]).isEqualTo(0.6);
  }

  @Test
  void shouldNameFieldsFromAHeader() throws IOException {
    Table t = TableReader.read(file("h.csv", "temp,load\n1.5,2\n"));
    assertThat(t.spec().featureNames()).containsExactly("temp", "load");
    assertThat(t.rows().get(0)).containsExactly(1.5, 2.0);
  }

  @Test
  void shouldReadBooleansAndEnumsByTheSchema() throws IOException {
    Schema schema = new Schema.Parser().parse("""
        {"type":"record","name":"R","fields":[{"name":"id","type":"string","elbo.role":"key"},
         {"name":"on","type":["null","boolean"]},{"name":"mode","type":{"type":"enum","name":"M","symbols":["A","B"]}},
         {"name":"v","type":"double"}]}""");
    Table t = TableReader.read(file("s.csv", "mode,v,on,id\nB,1.5,true,m1\nA,2,,m2\n"), FeatureSpec.fromAvro(schema));
    assertThat(t.rows().get(0)).containsExactly(1.0, 1.0, 1.5);
    assertThat(t.rows().get(1)[0]).isNaN();
    assertThatThrownBy(() -> TableReader.read(file("bad.csv", "mode,v,on,id\nC,1,true,m\n"), FeatureSpec.fromAvro(schema)))
        .hasMessageContaining("bad.csv:2").hasMessageContaining("'mode'").hasMessageContaining("[A, B]");
    assertThatThrownBy(() -> TableReader.read(file("nul.csv", "mode,v,on,id\nA,,true,m\n"), FeatureSpec.fromAvro(schema)))
        .hasMessageContaining("nul.csv:2").hasMessageContaining("'v' is empty but may not be missing");
  }

  @Test
  void shouldStopAtANonNumericCellWithFileLineAndField() throws IOException {
    Path p = file("bad.csv", "a,b\n1,2\n3,abc\n");
    assertThatThrownBy(() -> TableReader.read(p)).isInstanceOf(DataFileException.class)
        .hasMessageContaining("bad.csv:3").hasMessageContaining("'b'").hasMessageContaining("'abc' is not a number");
  }

  @Test
  void shouldStopAtAWrongColumnCount() throws IOException {
    assertThatThrownBy(() -> TableReader.read(file("w.csv", "1,2,3\n4,5\n")))
        .hasMessageContaining("w.csv:2").hasMessageContaining("2 columns, expected 3");
  }

  @Test
  void shouldReadNanAsMissingAndRefuseInfinity() throws IOException {
    // NumPy writes a missing value as NaN (HI-VAE's tables do), R as NA: both read as an empty cell.
    assertThat(TableReader.read(file("n.csv", "1,2\nNaN,3\nNA,nan\n")).rows().get(2)).containsExactly(Double.NaN,
        Double.NaN);
    assertThatThrownBy(() -> TableReader.read(file("i.csv", "1,2\n3,-Infinity\n")))
        .hasMessageContaining("i.csv:2").hasMessageContaining("'x1'");
  }

  @Test
  void shouldRefuseEmptyFiles() throws IOException {
    assertThatThrownBy(() -> TableReader.read(file("e.csv", ""))).hasMessageContaining("e.csv").hasMessageContaining("empty");
    assertThatThrownBy(() -> TableReader.read(file("h.csv", "a,b\n"))).hasMessageContaining("no data rows");
    assertThatThrownBy(() -> TableReader.read(tmp.resolve("nope.csv"))).hasMessageContaining("no such file");
  }

  @Test
  void shouldRefuseATestFileWhoseWidthDiffersFromTheModel() throws IOException {
    FeatureSpec model = FeatureSpec.numericColumns(3);
    assertThatThrownBy(() -> TableReader.read(file("t.csv", "1,2\n"), model))
        .hasMessageContaining("t.csv:1").hasMessageContaining("2 columns, the model expects 3");
    assertThatThrownBy(() -> TableReader.read(file("u.csv", "x0,x1,zz\n1,2,3\n"), model))
        .hasMessageContaining("u.csv:1").hasMessageContaining("'zz' is not a feature");
  }

  @Test
  void shouldRefuseALabelFileOfTheWrongLengthOrContent() throws IOException {
    assertThatThrownBy(() -> LabelReader.read(file("l.txt", "0\n1\n"), 3))
        .hasMessageContaining("l.txt").hasMessageContaining("2 labels for 3 test rows");
    assertThatThrownBy(() -> LabelReader.read(file("m.txt", "0\n2\n"), 2))
        .hasMessageContaining("m.txt:2").hasMessageContaining("'2' is not 0 or 1");
    assertThat(LabelReader.read(file("ok.txt", "0\n1\n"), 2)).containsExactly(false, true);
  }
}
