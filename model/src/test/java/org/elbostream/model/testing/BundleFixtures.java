package org.elbostream.model.testing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.bundle.Provenance;
import org.elbostream.model.discrete.SigmoidBeliefNet;
import org.elbostream.model.discrete.SigmoidBeliefScorer;
import org.elbostream.model.feature.FeatureLayout;
import org.elbostream.model.feature.FeatureSpec;
import org.elbostream.model.kind.LatentGaussianKind;
import org.elbostream.model.kind.SigmoidBeliefKind;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.net.VaeNetworks;
import org.elbostream.model.scoring.LatentGaussianScorer;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.model.scoring.RowScorer;
import org.elbostream.model.scoring.ScoringOptions;
import org.elbostream.model.threshold.ThresholdCalibrator;
import org.elbostream.model.threshold.Thresholds;

/** Small bundles over the example sensor schema (every likelihood kind), built without training. */
public final class BundleFixtures {
  private BundleFixtures() {}

  public static String exampleSchemaJson() throws IOException {
    try (InputStream in = BundleFixtures.class.getResourceAsStream("/schemas/SensorReading.avsc")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Rows of the example schema's features: a few missing values, booleans and categories. */
  public static List<double[]> rows(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double load = r.nextDouble();
      rows.add(new double[] {
          20 + 10 * load + r.nextGaussian(),
          i % 7 == 0 ? Double.NaN : 101 + r.nextGaussian(),
          0.2 + load * 0.5 + 0.05 * r.nextGaussian(),
          Math.round(1000 + 2000 * load),
          300 + 500 * load + 10 * r.nextGaussian(),
          r.nextDouble() < 0.1 ? 1 : 0,
          load < 0.2 ? 0 : load < 0.8 ? 1 : 2});
    }
    return rows;
  }

  /** A bundle with randomly initialised (seeded) networks and thresholds calibrated on its own scores. */
  public static ModelBundle untrained(long seed) throws IOException {
    return untrained(seed, new Architecture(3, List.of(16), Math.log(0.05 * 0.05)));
  }

  /** The same with networks of this shape. */
  public static ModelBundle untrained(long seed, Architecture architecture) throws IOException {
    return untrained(seed, architecture, 0);
  }

  /**
   * The same with {@code weightSamples} further draws of the generative weights (each initialised from
   * another seed), as a Bayesian generative network's bundle holds them; 0 for a point estimate.
   */
  public static ModelBundle untrained(long seed, Architecture architecture, int weightSamples) throws IOException {
    String schema = exampleSchemaJson();
    List<double[]> rows = rows(200, seed);
    FeatureSpec spec = FeatureSpec.fromAvro(new Schema.Parser().parse(schema)).withStatisticsOf(rows);
    try (NDManager manager = NDManager.newBaseManager()) {
      FeatureLayout layout = new FeatureLayout(spec);
      List<byte[]> samples = new ArrayList<>();
      for (int m = 1; m <= weightSamples; m++) {
        Engine.getInstance().setRandomSeed((int) (seed + 1000 * m));
        samples.add(VaeNetworks.create(architecture, layout, manager).generativeParameters());
      }
      Engine.getInstance().setRandomSeed((int) seed);
      VaeNetworks net = VaeNetworks.create(architecture, layout, manager);
      List<VaeNetworks> sampled = new ArrayList<>();
      for (byte[] parameters : samples) {
        sampled.add(net.withGenerativeParameters(parameters, manager));
      }
      LatentGaussianScorer scorer = new LatentGaussianScorer(net, sampled, SCORING, manager);
      return ModelBundle.builder().featureSpec(spec).inputSchema(schema).architecture(architecture)
          .thresholds(calibrated(scorer, rows)).scoring(SCORING).provenance(provenance(seed))
          .parameters(LatentGaussianKind.INSTANCE.parameters(net, samples), weightSamples).build();
    }
  }

  /** A sigmoid belief network over the example schema with these layers of binary units, untrained. */
  public static ModelBundle untrainedSigmoidBelief(long seed, List<Integer> layers) throws IOException {
    String schema = exampleSchemaJson();
    List<double[]> rows = rows(200, seed);
    FeatureSpec spec = FeatureSpec.fromAvro(new Schema.Parser().parse(schema)).withStatisticsOf(rows);
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed((int) seed);
      Architecture architecture = Architecture.sigmoidBelief(layers, Math.log(0.05 * 0.05));
      SigmoidBeliefNet net = new SigmoidBeliefNet(architecture, new FeatureLayout(spec), 0, manager);
      return ModelBundle.builder().featureSpec(spec).inputSchema(schema).architecture(architecture)
          .thresholds(calibrated(new SigmoidBeliefScorer(net, SCORING, manager), rows)).scoring(SCORING)
          .provenance(provenance(seed)).parameters(SigmoidBeliefKind.INSTANCE.parameters(net), 0).build();
    }
  }

  private static final ScoringOptions SCORING = new ScoringOptions(4, false, true);

  /** Each row's past when the rows are one series: the rows before it, newest first, at most {@code window}. */
  public static List<List<double[]>> pastsOfOneSeries(List<double[]> rows, int window) {
    List<List<double[]>> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      List<double[]> past = new ArrayList<>();
      for (int k = i - 1; k >= 0 && past.size() < window; k--) {
        past.add(rows.get(k));
      }
      out.add(past);
    }
    return out;
  }

  private static Thresholds calibrated(RowScorer scorer, List<double[]> rows) {
    return ThresholdCalibrator.defaults().calibrate(scorer.score(rows).stream().mapToDouble(RecordScore::score).toArray());
  }

  private static Provenance provenance(long seed) {
    return new Provenance("synthetic", "none", 200, 0, seed, 0, 0, 0, 0, Map.of(), Map.of("test", "1"));
  }
}
