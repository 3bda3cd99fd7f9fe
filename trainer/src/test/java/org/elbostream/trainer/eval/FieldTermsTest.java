package org.elbostream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldTermsTest {
  @Test
  void shouldAverageEachFieldOnTheNormalAndTheLabelledRowsHeaviestFirst() {
    double[][] fields = {{1, 0}, {3, 0}, {1, 50}, {1, 70}};
    boolean[] labels = {false, false, true, true};
    FieldTerms terms = new FieldTerms(List.of("quiet", "broken"), new double[4], new double[4], fields, new int[4]);
    List<FieldTerms.Share> shares = terms.shares(labels);
    assertThat(shares).extracting(FieldTerms.Share::field).containsExactly("broken", "quiet");
    assertThat(shares.get(0).normal()).isZero();
    assertThat(shares.get(0).anomalous()).isCloseTo(60, within(1e-12));
    assertThat(shares.get(1).normal()).isCloseTo(2, within(1e-12));
    assertThat(shares.get(1).anomalous()).isCloseTo(1, within(1e-12));
    assertThat(terms.field(1)).containsExactly(0, 0, 50, 70);
  }
}
