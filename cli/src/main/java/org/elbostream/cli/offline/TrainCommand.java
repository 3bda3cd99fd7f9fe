package org.elbostream.cli.offline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.elbostream.model.bayes.SghmcOptions;
import org.elbostream.model.net.Architecture;
import org.elbostream.model.scoring.ScoringOptions;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TrainingData;
import org.elbostream.trainer.fit.ModelTrainer;
import org.elbostream.trainer.fit.TrainingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code elbostream train}: fit a model on normal data and write a bundle and a report. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a model on normal records; writes a model bundle and report.html to --out.")
public final class TrainCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

  @Option(names = "--train", required = true, description = "Training data: CSV (header row, or headerless numeric as in SMD), plain or gzip.")
  Path train;

  @Option(names = "--out", required = true, description = "Directory for the model bundle and report.")
  Path out;

  @Option(names = "--schema", description = "Avro schema (.avsc) whose fields decide the features; the CSV header must name them.")
  Path schema;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the run: same data and seed, same bundle (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--epochs", defaultValue = "100", description = "Maximum epochs; early stopping may end sooner (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--latent", defaultValue = "8", description = "Latent dimension (default: ${DEFAULT-VALUE}).")
  int latent;

  @Option(names = "--hidden", split = ",", description = "Hidden layer widths of the recognition network, mirrored in"
      + " the generative one (default: 128,64).")
  List<Integer> hidden;

  @Option(names = "--layers", split = ",", description = "Sizes of several stochastic layers, bottom first, e.g. 50,50:"
      + " a deep latent Gaussian model (Rezende et al. 2014) instead of one layer of --latent.")
  List<Integer> layers;

  @Option(names = "--posterior", defaultValue = "diagonal", description = "Covariance of q(z|x) in each stochastic"
      + " layer: ${COMPLETION-CANDIDATES} (rank-one: precision D + uu') (default: ${DEFAULT-VALUE}).",
      converter = PosteriorConverter.class, completionCandidates = PosteriorConverter.Names.class)
  Architecture.Posterior posterior;

  @Option(names = "--latent-units", defaultValue = "gaussian", description = "Latent units: gaussian (a VAE, or a deep"
      + " latent Gaussian model with --layers), or bernoulli: a sigmoid belief network of --layers binary units trained by"
      + " NVIL, whose scores carry each record's operating mode (default: ${DEFAULT-VALUE}).")
  Units latentUnits;

  /** The kinds of latent units, as the option spells them. */
  public enum Units { gaussian, bernoulli }

  @Option(names = "--weight-prior", defaultValue = "0", description = "Precision of a Gaussian prior on the generative"
      + " weights (weight decay as MAP estimation derives it); 0 for none (default: ${DEFAULT-VALUE}).")
  double weightPrior;

  @Option(names = "--score", defaultValue = "elbo", description = "Score records by the ${COMPLETION-CANDIDATES}"
      + " bound (iwae: the tighter K-sample importance-weighted bound) (default: ${DEFAULT-VALUE}).")
  Bound score;

  @Option(names = "--train-samples", defaultValue = "1", description = "Train on the K-sample importance-weighted bound"
      + " (as MIWAE) instead of the one-sample ELBO (default: ${DEFAULT-VALUE}).")
  int trainSamples;

  @Option(names = "--score-samples", defaultValue = "8", description = "z samples per record when scoring; K for iwae"
      + " (default: ${DEFAULT-VALUE}).")
  int scoreSamples;

  @Option(names = "--weight-samples", defaultValue = "0", description = "After point training, draw M samples of the"
      + " generative weights by stochastic-gradient HMC and score every record with all of them: the score's mean, and"
      + " its standard deviation as the model's own uncertainty; 0 for a point estimate (default: ${DEFAULT-VALUE}).")
  int weightSamples;

  @Option(names = "--sghmc-rate", defaultValue = "1e-6", description = "SGHMC learning rate per training row: the chain"
      + " uses eta = rate / N for N rows. Too large a rate shows as a large score spread: on SMD 1e-5 gave 21 nats, 1e-6 gave 0.34 (default: ${DEFAULT-VALUE}).")
  double sghmcRate;

  @Option(names = "--sghmc-burn-in", defaultValue = "500", description = "SGHMC steps discarded before the first"
      + " sample (default: ${DEFAULT-VALUE}).")
  int sghmcBurnIn;

  @Option(names = "--sghmc-thinning", defaultValue = "100", description = "SGHMC steps between kept samples"
      + " (default: ${DEFAULT-VALUE}).")
  int sghmcThinning;

  @CommandLine.Mixin
  LearningRateOptions learningRate = new LearningRateOptions();

  @Option(names = "--sghmc-decay", defaultValue = "0", description = "Step-size schedule: eta_t = eta (1 + t/B)^-gamma"
      + " with B the burn-in steps; 0 keeps eta constant, as Chen et al. do; 0.55 is Welling and Teh's SGLD choice"
      + " (default: ${DEFAULT-VALUE}).")
  double sghmcDecay;

  /** Reads diagonal and rank-one as the posterior families. */
  static final class PosteriorConverter implements CommandLine.ITypeConverter<Architecture.Posterior> {
    static final class Names extends ArrayList<String> {
      Names() {
        super(List.of("diagonal", "rank-one"));
      }
    }

    @Override
    public Architecture.Posterior convert(String value) {
      return switch (value) {
        case "diagonal" -> Architecture.Posterior.DIAGONAL;
        case "rank-one" -> Architecture.Posterior.RANK_ONE;
        default -> throw new CommandLine.TypeConversionException("'" + value + "' is not a posterior: diagonal or rank-one");
      };
    }
  }

  /** SGHMC's momentum decay per step (alpha); Chen et al. use 0.01-0.1. */
  static final double FRICTION = 0.1;

  /** The bound a record is scored by. */
  public enum Bound { elbo, iwae }

  @Override
  public Integer call() throws Exception {
    TrainingData data = TrainingData.read(train, schema);
    Table table = data.table();
    LOG.info("read {} rows x {} features from {}", table.size(), table.spec().featureCount(), train);
    Architecture defaults = Architecture.defaults();
    List<Integer> stochastic = layers != null ? layers : List.of(latent);
    if (latentUnits == Units.bernoulli && (hidden != null || posterior != Architecture.Posterior.DIAGONAL
        || weightSamples > 0)) {
      throw new IllegalArgumentException("--latent-units bernoulli: a sigmoid belief network has linear layers between"
          + " its binary units, so --hidden, --posterior and --weight-samples do not apply");
    }
    TrainingSettings config = TrainingSettings.defaults().withSeed(seed).withEpochs(epochs)
        .withArchitecture(latentUnits == Units.bernoulli
            ? Architecture.sigmoidBelief(stochastic, defaults.minLogVariance())
            : Architecture.deep(stochastic, hidden != null ? hidden : defaults.hidden(), defaults.minLogVariance(),
                posterior))
        .withWeightPrior(weightPrior)
        .withScoring(new ScoringOptions(scoreSamples, score == Bound.iwae, true))
        .withTrainingSamples(trainSamples)
        .withLearningRateDecay(learningRate.decay());
    if (weightSamples > 0) {
      int rows = table.size() - ModelTrainer.validationRows(table.rows(), config).size();
      config = config.withWeightSampling(new SghmcOptions(sghmcRate / rows, FRICTION, 0, sghmcDecay,
          Math.max(1, sghmcBurnIn), sghmcBurnIn, sghmcThinning, weightSamples));
    }
    Training.toDirectory(data, config, out);
    return 0;
  }
}
