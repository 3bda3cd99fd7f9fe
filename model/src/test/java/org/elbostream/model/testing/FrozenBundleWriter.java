package org.elbostream.model.testing;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.model.kind.LoadedModel;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.scoring.RowScorer;

/**
 * Writes the frozen bundle fixture of a bundle format and a model kind, and the scores it must keep
 * giving: {@code FrozenBundleWriter DIR [vae | dlgm-rank-one | sigmoid-belief | bayesian-vae |
 * temporal | temporal-carried]}. Run
 * once when a new format version or kind is introduced; never regenerate an existing one: its point
 * is to stay as an old build wrote it. Run it with the tests' one intra-op thread
 * ({@code -Dai.djl.pytorch.num_threads=1}): the scores are compared to the last bit, and another thread
 * count sums in another order.
 */
public final class FrozenBundleWriter {
  private FrozenBundleWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String kind = args.length > 1 ? args[1] : "vae";
    ModelBundle bundle = switch (kind) {
      case "vae" -> BundleFixtures.untrained(1234);
      case "dlgm-rank-one" -> BundleFixtures.untrained(1234, Architecture.deep(List.of(3, 2), List.of(16, 8),
          Math.log(0.05 * 0.05), Architecture.Posterior.RANK_ONE));
      case "sigmoid-belief" -> BundleFixtures.untrainedSigmoidBelief(1234, List.of(6, 5));
      case "bayesian-vae" -> BundleFixtures.untrained(1234, new Architecture(3, List.of(16), Math.log(0.05 * 0.05)), 2);
      case "temporal" -> BundleFixtures.untrained(1234, new Architecture(3, List.of(16), Math.log(0.05 * 0.05))
          .withPast(new Architecture.Past(4, 60_000L, null)));
      case "temporal-carried" -> BundleFixtures.untrained(1234, new Architecture(3, List.of(16), Math.log(0.05 * 0.05))
          .withPast(new Architecture.Past(4, 60_000L, Architecture.PastGaps.CARRIED)));
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    };
    BundleFormat.write(bundle, dir);
    try (NDManager manager = NDManager.newBaseManager()) {
      RowScorer scorer = LoadedModel.of(bundle, manager).scorer();
      List<double[]> rows = BundleFixtures.rows(10, 99);
      List<RecordScore> scores = scorer.score(rows, BundleFixtures.pastsOfOneSeries(rows, scorer.window()));
      Files.writeString(dir.resolve("expected-scores.txt"),
          scores.stream().map(s -> Double.toString(s.score())).collect(Collectors.joining("\n")) + "\n");
    }
  }
}
