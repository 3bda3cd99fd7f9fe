package org.elbostream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.elbostream.model.feature.FieldRole;
import org.elbostream.trainer.testdata.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelReaderTest {
  @TempDir
  Path tmp;

  private Path file(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text);
  }

  @Test
  void shouldReadOneLabelPerRow() throws IOException {
    assertThat(LabelReader.read(file("rows.txt", "0\n1\n1.0\n0\n"), 4)).containsExactly(false, true, true, false);
  }

  @Test
  void shouldReadRangesOfOneBasedInclusiveRowNumbers() throws IOException {
    boolean[] labels = LabelReader.read(file("ranges.csv", "start,end\n2,3\n6,6\n"), 7);
    assertThat(labels).containsExactly(false, true, true, false, false, true, false);
    assertThat(LabelReader.read(file("bare.csv", "2,3\n"), 4)).containsExactly(false, true, true, false);
  }

  @Test
  void shouldReadInterpretationLabelsAsZeroBasedWithTheEndExcluded() throws IOException {
    boolean[] labels = LabelReader.read(file("interp.txt", "1-3:2,5\n5-6:1\n"), 7);
    assertThat(labels).containsExactly(false, true, true, false, false, true, false);
  }

  @Test
  void shouldFollowAFormatGivenOverTheShape() throws IOException {
    // "1-3" read as ranges is refused: the format was asked for, the line does not fit it
    assertThatThrownBy(() -> LabelReader.read(file("x.txt", "1-3:2\n"), 5, LabelReader.Format.RANGES))
        .hasMessageContaining("x.txt:1:").hasMessageContaining("not a range like 120,180");
  }

  @Test
  void shouldRefuseRangesOutsideTheTestRowsNamingFileAndLine() throws IOException {
    assertThatThrownBy(() -> LabelReader.read(file("far.csv", "2,3\n4,9\n"), 5))
        .hasMessageContaining("far.csv:2:").hasMessageContaining("not within the 5 test rows");
    assertThatThrownBy(() -> LabelReader.read(file("back.csv", "3,2\n"), 5)).hasMessageContaining("not within");
    assertThatThrownBy(() -> LabelReader.read(file("odd.txt", "yes\n"), 1))
        .hasMessageContaining("'yes' is not a label line");
    assertThatThrownBy(() -> LabelReader.Format.of("windows")).hasMessageContaining("rows, ranges, interpretation, times or nab");
  }

  @Test
  void shouldMatchTimeWindowsAgainstTheTestFilesTimeColumn() throws IOException {
    Path data = file("stamped.csv", "ts,v\n2026-01-01 00:00:00,1\n2026-01-01 00:05:00,2\n2026-01-01T00:10,3\n"
        + "2026-01-01 00:15:00.000000,4\n");
    Table test = TableReader.read(data, Map.of("ts", FieldRole.TIMESTAMP));
    assertThat(test.times()).hasSize(4);
    boolean[] labels = LabelReader.read(file("win.csv", "start,end\n2026-01-01 00:04:00,2026-01-01 00:10:00\n"), test,
        null);
    assertThat(labels).containsExactly(false, true, true, false);
    Path nab = file("windows.json", "{\"other/x.csv\": [], \"realKnownCause/stamped.csv\": [[\"2026-01-01 00:15:00.000000\","
        + " \"2026-01-01 00:20:00.000000\"]]}");
    assertThat(LabelReader.read(nab, test, null)).containsExactly(false, false, false, true);
    Table untimed = TableReader.read(file("plain.csv", "v\n1\n2\n"));
    assertThatThrownBy(() -> LabelReader.read(file("w2.csv", "2026-01-01 00:04:00,2026-01-01 00:10:00\n"), untimed,
        null)).hasMessageContaining("need the test file's time column").hasMessageContaining("--time");
  }

  @Test
  void shouldReadNabsWindowsOfItsMachineTemperatureSeries() {
    Path nab = SharedData.folder("nab");
    for (String[] c : new String[][] {{"machine_temperature_system_failure", "22695", "2268"},
        {"ambient_temperature_system_failure", "7267", "726"}}) {
      Table series = TableReader.read(nab.resolve(c[0] + ".csv.gz"), Map.of("timestamp", FieldRole.TIMESTAMP));
      boolean[] labels = LabelReader.read(nab.resolve("combined_windows.json"), series, null);
      int anomalous = 0;
      for (boolean l : labels) {
        anomalous += l ? 1 : 0;
      }
      assertThat(series.size()).isEqualTo(Integer.parseInt(c[1]));
      assertThat(anomalous).as(c[0]).isEqualTo(Integer.parseInt(c[2])); // counted independently, in Python
    }
  }

  @Test
  void shouldReadSmdsInterpretationLabelsAsItsTestLabels() throws IOException {
    // The published files agree on every shared machine but machine-1-3, whose interpretation file
    // lacks one of the test labels' twelve segments (rows 18460-18470) and ends another one row
    // before they do (row 23019).
    Path smd = SharedData.folder("smd");
    try (DirectoryStream<Path> files = Files.newDirectoryStream(smd.resolve("interpretation_label"))) {
      int machines = 0;
      for (Path interpretation : files) {
        Path rowsFile = smd.resolve("test_label").resolve(interpretation.getFileName());
        int n;
        try (BufferedReader in = TextFiles.open(rowsFile)) {
          n = (int) in.lines().count();
        }
        boolean[] rows = LabelReader.read(rowsFile, n);
        if (interpretation.getFileName().toString().startsWith("machine-1-3.")) {
          for (int t = 18460; t <= 18470; t++) {
            rows[t] = false;
          }
          rows[23019] = false;
        }
        assertThat(LabelReader.read(interpretation, n)).as(interpretation.toString()).containsExactly(rows);
        machines++;
      }
      assertThat(machines).isEqualTo(7);
    }
  }
}
