package org.elbostream.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.net.Architecture;
import org.elbostream.trainer.data.IdxImages;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class NvilTrainerTest {
  /** 16 bits: one of four prototypes, each bit then flipped with probability 0.05. */
  private static final int[][] PROTOTYPES = {
        {1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0},
        {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1},
        {1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0},
        {0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1}};

  private static List<double[]> prototypes(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] p = PROTOTYPES[r.nextInt(4)];
      double[] row = new double[p.length];
      for (int j = 0; j < p.length; j++) {
        row[j] = r.nextDouble() < 0.05 ? 1 - p[j] : p[j];
      }
      rows.add(row);
    }
    return rows;
  }

  @Test
  void shouldLearnTheStructureAFactorisedModelCannotHold() {
    List<double[]> train = prototypes(4000, 1);
    List<double[]> validation = prototypes(1000, 2);
    TrainingSettings config = TrainingSettings.builder().epochs(25).seed(3)
        .architecture(Architecture.sigmoidBelief(List.of(8), Architecture.defaults().minLogVariance())).build();
    FeatureLayout layout = new FeatureLayout(IdxImages.spec(16));
    try (NDManager manager = NDManager.newBaseManager()) {
      NvilTrainer.Fit fit = new NvilTrainer(32, config, FitListener.NONE).fit(layout, train, validation, manager);
      List<EpochStats> h = fit.history();
      double first = h.get(0).validationElbo();
      double last = h.get(h.size() - 1).validationElbo();
      // Independent bits, each at its training frequency: the best model without latent structure.
      double factorised = factorisedLogLikelihood(train, validation);
      // The data's own entropy: 2 bits for the prototype plus 16 flips at 0.05, about -4.6 nats a row.
      assertThat(last).isGreaterThan(first + 1).isGreaterThan(factorised + 2);
      // The operating mode, q's most probable latent state: a different one for each prototype.
      List<double[]> clean = new ArrayList<>();
      for (int[] prototype : PROTOTYPES) {
        clean.add(Arrays.stream(prototype).asDoubleStream().toArray());
      }
      float[] modes = fit.network().mode(new ParameterStore(manager, false), fit.network().batch(manager, clean))
          .states().get(0);
      Set<String> distinct = new HashSet<>();
      for (int k = 0; k < 4; k++) {
        distinct.add(Arrays.toString(Arrays.copyOfRange(modes, k * 8, k * 8 + 8)));
      }
      assertThat(distinct).hasSize(4);
    }
  }

  private static double factorisedLogLikelihood(List<double[]> train, List<double[]> rows) {
    int d = train.get(0).length;
    double[] p = new double[d];
    for (double[] row : train) {
      for (int j = 0; j < d; j++) {
        p[j] += row[j] / train.size();
      }
    }
    double sum = 0;
    for (double[] row : rows) {
      for (int j = 0; j < d; j++) {
        sum += row[j] == 1 ? Math.log(p[j]) : Math.log(1 - p[j]);
      }
    }
    return sum / rows.size();
  }
}
