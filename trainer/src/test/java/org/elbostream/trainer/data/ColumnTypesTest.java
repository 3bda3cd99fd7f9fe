package org.elbostream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColumnTypesTest {
  @TempDir
  Path dir;

  @Test
  void shouldReadAHiVaeTypesFileAndStopAtABadLineWithItsNumber() throws Exception {
    Path good = Files.writeString(dir.resolve("data_types.csv"), "type,dim,nclass\npos,1,\ncount,1,\ncat,2,2");
    ColumnTypes types = ColumnTypes.read(good);
    assertThat(types.columns()).extracting(ColumnTypes.Column::kind).containsExactly(ColumnTypes.Kind.POS,
        ColumnTypes.Kind.COUNT, ColumnTypes.Kind.CAT);
    assertThat(types.columns().get(2).classes()).isEqualTo(2);
    assertThat(types.kind(2).discrete()).isTrue();

    Path bad = Files.writeString(dir.resolve("bad.csv"), "type,dim,nclass\nreal,1,\nweird,1,\n");
    assertThatThrownBy(() -> ColumnTypes.read(bad)).isInstanceOf(DataFileException.class)
        .hasMessageContaining("bad.csv").hasMessageContaining(":3").hasMessageContaining("weird");
    Path noClasses = Files.writeString(dir.resolve("ordinal.csv"), "type,dim,nclass\nordinal,10,\n");
    assertThatThrownBy(() -> ColumnTypes.read(noClasses)).hasMessageContaining("number of classes");
  }
}
