package org.elbostream.cli;

import org.elbostream.cli.bench.BenchCommand;
import org.elbostream.cli.bench.ImputeBenchCommand;
import org.elbostream.cli.bench.ModelBenchCommand;
import org.elbostream.cli.demo.DemoCommand;
import org.elbostream.cli.fuzz.FuzzCommand;
import org.elbostream.cli.offline.EvalCommand;
import org.elbostream.cli.offline.EvalSuiteCommand;
import org.elbostream.cli.offline.ImputeEvalCommand;
import org.elbostream.cli.offline.ImputeSeriesCommand;
import org.elbostream.cli.offline.MnistBinariseCommand;
import org.elbostream.cli.offline.PaperMnistCommand;
import org.elbostream.cli.offline.SchemaCommand;
import org.elbostream.cli.offline.ScoreCommand;
import org.elbostream.cli.offline.TrainCommand;
import org.elbostream.cli.service.PublishCommand;
import org.elbostream.cli.service.ServeCommand;
import org.elbostream.cli.service.TailCommand;
import org.elbostream.cli.soak.SoakCommand;
import org.elbostream.model.bundle.ProjectVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/** The {@code elbostream} command: every subcommand of the trainer and the service in one place. */
@Command(name = "elbostream", mixinStandardHelpOptions = true, versionProvider = Elbostream.Version.class,
    description = "Streaming anomaly detection and imputation with deep latent Gaussian models.",
    subcommands = {
        // offline: train and evaluate models
        TrainCommand.class, ScoreCommand.class, EvalCommand.class, EvalSuiteCommand.class, ImputeEvalCommand.class,
        ImputeSeriesCommand.class, SchemaCommand.class, PaperMnistCommand.class, MnistBinariseCommand.class,
        // service: run it and feed it models
        ServeCommand.class, PublishCommand.class, TailCommand.class,
        // try it and measure it
        DemoCommand.class, BenchCommand.class, ModelBenchCommand.class, ImputeBenchCommand.class, SoakCommand.class,
        FuzzCommand.class})
public final class Elbostream {
  private static final Logger LOG = LoggerFactory.getLogger(Elbostream.class);

  /** The build's version, as the bundles record it. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"elbostream " + ProjectVersion.get()};
    }
  }

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "On an error, print its stack trace too (by default: one line saying what is wrong).")
  boolean verbose;

  private Elbostream() {}

  public static void main(String[] args) {
    String command = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
    if (command.equals("impute-eval")) {
      useIntraOpThreads(Runtime.getRuntime().availableProcessors());
    } else {
      useOneIntraOpThread();
    }
    System.exit(commandLine().execute(args));
  }

  /**
   * One PyTorch intra-op thread unless the user chose otherwise: our networks are small, so a second
   * thread only adds hand-over cost (3 training runs on SMD took 10.7 s with two, 8.5 s with one).
   * Parallelism comes from more stream threads or instances instead. Must run before the engine
   * starts.
   */
  public static void useOneIntraOpThread() {
    useIntraOpThreads(1);
  }

  /**
   * {@code threads} PyTorch intra-op threads unless the user chose otherwise. impute-eval trains
   * wide networks on 20 z samples a row, one batch at a time with nothing else running, where every
   * core pays (4 epochs of a 384,384:16:20 model on letter: 32 s on one thread, 23 s on two).
   */
  static void useIntraOpThreads(int threads) {
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }

  /** The command line with the error handling every subcommand shares. */
  public static CommandLine commandLine() {
    Elbostream root = new Elbostream();
    CommandLine cli = new CommandLine(root);
    // Bad input is the user's to fix: one clear line, no stack trace; anything else is our bug.
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof IllegalArgumentException || e instanceof java.io.IOException
          || e instanceof java.io.UncheckedIOException || e instanceof IllegalStateException
          || e instanceof org.apache.kafka.common.config.ConfigException) {
        commandLine.getErr().println("error: " + e.getMessage());
        if (root.verbose) {
          e.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().flush();
        return 2;
      }
      LOG.error("{} failed", commandLine.getCommandName(), e);
      return 1;
    });
    return cli;
  }
}
