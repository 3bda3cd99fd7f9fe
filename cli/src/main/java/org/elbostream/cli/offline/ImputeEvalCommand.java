package org.elbostream.cli.offline;

import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.elbostream.cli.console.ProgressBar;
import org.elbostream.cli.console.TrainingProgress;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.model.imputation.ImputationOptions;
import org.elbostream.model.imputation.Imputer;
import org.elbostream.streams.config.ServiceConfig;
import org.elbostream.trainer.data.ColumnTypes;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.data.TableReader;
import org.elbostream.trainer.fit.FitListener;
import org.elbostream.trainer.fit.Setting;
import org.elbostream.trainer.fit.TrainingSettings;
import org.elbostream.trainer.impute.ChainedRegressions;
import org.elbostream.trainer.impute.ForestImputer;
import org.elbostream.trainer.impute.HiddenCells;
import org.elbostream.trainer.impute.ImputationEvaluation;
import org.elbostream.trainer.impute.ImputationTraining;
import org.elbostream.trainer.impute.MixedError;
import org.elbostream.trainer.impute.ModelSelection;
import org.elbostream.trainer.impute.ModelShape;
import org.elbostream.trainer.impute.SamplerChoice;
import org.elbostream.trainer.report.ImputationReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code elbostream impute-eval}: hide observed cells of a table, train on what is left (or take a
 * model), choose the sampler as a user without the truth would ({@link SamplerChoice}), impute with
 * it beside the mean, kNN, chained-regression and random-forest baselines, and report RMSE on the
 * hidden cells (GAIN's protocol) and the 90 % intervals' coverage. With
 * {@code --sweep} it does so at several missing rates and draws how the fit and the errors move.
 */
@Command(name = "impute-eval", mixinStandardHelpOptions = true, modelTransformer = ImputeEvalCommand.Settings.class,
    header = "Hide cells of a table, impute them and report the error beside mean, kNN, MICE and a forest.",
    description = {"Hide cells of a table (its own empty cells stay missing), train on what is left, choose the",
        "sampler on cells hidden from the held-out rows, impute with it and with mean, kNN, chained-regression",
        "and random-forest imputation, and report RMSE over the hidden cells (columns min-max scaled) and 90 %%",
        "coverage."})
public final class ImputeEvalCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, description = "A CSV with a header row, plain or gzip; its empty, NaN or NA cells stay missing and are not scored.")
  Path data;

  @ArgGroup(exclusive = true)
  Hiding hiding = new Hiding();

  static final class Hiding {
    @Option(names = "--missing", description = "Share of cells hidden at random, MCAR (default: 0.2).")
    Double rate;

    @Option(names = "--mask", description = "Cells to hide: one 'row,col' pair per line, 1-based, header not counted.")
    Path mask;

    @Option(names = "--sweep", split = ",", description = "Several MCAR rates, e.g. 0.1,0.2,0.3,0.5: a model trained at each; with --report, charts.")
    List<Double> sweep;
  }

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the hiding, the training and the imputers (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--model", description = "Impute with this model bundle instead of training one on the incomplete table.")
  Path model;

  @Spec
  CommandSpec spec;

  /** The model's shape, which --candidate replaces. */
  static final List<Setting<?>> SHAPE = List.of(TrainingSettings.LATENT, TrainingSettings.HIDDEN,
      TrainingSettings.TRAIN_SAMPLES);

  /** The training settings a user shapes the model trained here with. */
  static final List<Setting<?>> SETTINGS = List.of(TrainingSettings.EPOCHS, TrainingSettings.BATCH_SIZE,
      TrainingSettings.LEARNING_RATE, TrainingSettings.PATIENCE, TrainingSettings.LR_DECAY, TrainingSettings.LR_WAIT,
      TrainingSettings.MISSING_INJECTION, TrainingSettings.INJECTED, TrainingSettings.MIN_LOG_VARIANCE, TrainingSettings.LATENT,
      TrainingSettings.HIDDEN, TrainingSettings.TRAIN_SAMPLES);

  /** The training settings as options, made from their declarations, with imputation's own defaults. */
  static final class Settings extends SettingOptions.Declared {
    Settings() {
      super(SETTINGS, ImputationTraining.defaults());
    }
  }

  @Option(names = "--candidate", converter = ModelShapeConverter.class, paramLabel = "WIDTHS:LATENT:K",
      description = {"A model to try, e.g. 256,256:16:20 (hidden widths, latent dimension, samples of the training bound).",
          "Repeat it: each is trained and the one with the highest held-out log-likelihood imputes; the hidden cells",
          "play no part in the choice. Instead of --hidden, --latent and --train-samples."})
  List<ModelShape> candidates;

  @Option(names = "--imputers", split = ",", description = {"Samplers to choose from and to run on the hidden cells"
      + " (default: all three to choose from, the chosen one run): ${COMPLETION-CANDIDATES}."})
  List<Imputer.Kind> imputers;

  @Mixin
  SamplerOptions samplers;

  @Option(names = "--neighbours", defaultValue = "5", description = "k of the kNN baseline (default: ${DEFAULT-VALUE}).")
  int neighbours;

  @Option(names = "--forest-trees", paramLabel = "N", description = "Trees of each forest of the random-forest"
      + " baseline, MissForest; 0 leaves it out (default: ${DEFAULT-VALUE}).")
  int forestTrees = ForestImputer.defaults(0).trees();

  @Option(names = "--forest-rounds", paramLabel = "N", description = "Rounds over the columns the random-forest"
      + " baseline makes at most; it stops sooner when a round moves the filled cells more than the one before"
      + " (default: ${DEFAULT-VALUE}).")
  int forestRounds = ForestImputer.defaults(0).maxRounds();

  @Option(names = "--likelihood-samples", defaultValue = "100",
      description = "Importance samples per row of the held-out log-likelihood estimate (default: ${DEFAULT-VALUE}).")
  int likelihoodSamples;

  @Option(names = "--json", description = "Write rmse.<method>, coverage90.<method> and the settings to this file.")
  Path json;

  @Option(names = "--types", paramLabel = "FILE", description = "A HI-VAE data_types.csv (type,dim,nclass per"
      + " column: real, pos, count, ordinal, cat): the model reads each column by its type (Gaussian,"
      + " log-normal, Poisson, ordinal, categorical), every imputation is also judged by type, discrete columns"
      + " by their error rate and numeric ones by RMSE over the column's range, and the mean baseline takes a"
      + " discrete column's most frequent class.")
  Path typesFile;

  @Option(names = "--model-out", paramLabel = "DIR", description = "Write the model that imputed here, a bundle the"
      + " service loads (with --sweep, the last rate's).")
  Path modelOut;

  @Option(names = "--report", description = "With --sweep: an HTML report of validation ELBO and RMSE against the missing rate.")
  Path report;

  /** One evaluation at one way of hiding: the model used and every method's result. */
  record Run(String missing, int hiddenCells, ModelSelection.Candidate model, Map<ModelShape, Double> candidates,
      SamplerChoice.Choice sampler, List<ImputationEvaluation.Result> results, Map<String, MixedError> mixed) {
    ModelBundle bundle() {
      return model.bundle();
    }
  }

  @Override
  public Integer call() throws Exception {
    ColumnTypes types = typesFile == null ? null : ColumnTypes.read(typesFile);
    Table table = types == null ? TableReader.read(data) : types.typed(TableReader.read(data), typesFile);
    int rows = table.size();
    int columns = table.spec().featureCount();
    if (hiding.sweep != null && model != null) {
      throw new IllegalArgumentException("--sweep trains a model at each rate; it cannot take --model");
    }
    if (candidates != null && SHAPE.stream().anyMatch(s -> SettingOptions.given(spec, s))) {
      throw new IllegalArgumentException("--candidate names whole models; give it instead of --hidden, --latent"
          + " and --train-samples, not beside them");
    }
    if (candidates != null && model != null) {
      throw new IllegalArgumentException("--candidate trains models to choose from; it cannot take --model");
    }
    if (report != null && hiding.sweep == null) {
      throw new IllegalArgumentException("--report draws a --sweep; give the rates");
    }
    List<Run> runs = new ArrayList<>();
    if (hiding.sweep != null) {
      for (double rate : hiding.sweep) {
        runs.add(evaluate(table, types, HiddenCells.missingCompletelyAtRandom(rows, columns, rate, seed),
            String.valueOf(rate)));
      }
    } else if (hiding.mask != null) {
      runs.add(evaluate(table, types, HiddenCells.read(hiding.mask, rows, columns), "mask " + hiding.mask));
    } else {
      double rate = hiding.rate == null ? 0.2 : hiding.rate;
      runs.add(evaluate(table, types, HiddenCells.missingCompletelyAtRandom(rows, columns, rate, seed),
          String.valueOf(rate)));
    }
    if (report != null) {
      ImputationReport.write(report, data.getFileName().toString(), runs.stream().map(r -> Double.parseDouble(r.missing())).toList(),
          runs.stream().map(r -> r.bundle().manifest().provenance().validationElbo()).toList(),
          runs.stream().map(Run::results).toList());
      System.out.println("report " + report);
    }
    if (json != null) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("data", data.toString());
      out.put("rows", rows);
      out.put("columns", columns);
      out.put("seed", seed);
      samplers.putInto(out);
      if (runs.size() == 1) {
        put(out, "", runs.get(0));
      } else {
        for (Run run : runs) {
          put(out, "sweep." + run.missing() + ".", run);
        }
      }
      Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(out));
      System.out.println("wrote " + json);
    }
    return 0;
  }

  private Run evaluate(Table table, ColumnTypes types, HiddenCells mask, String missing) throws Exception {
    // A cell the table leaves empty has no truth to score: it stays missing, and every method fills it.
    HiddenCells hidden = mask.observedIn(table);
    long empty = table.rows().stream().flatMapToDouble(java.util.Arrays::stream).filter(Double::isNaN).count();
    ImputationEvaluation evaluation = new ImputationEvaluation(table, hidden, types);
    System.out.printf("%s: %,d rows x %d columns, %,d cells hidden (%.1f %%)%n", data, table.size(),
        table.spec().featureCount(), hidden.count(),
        100.0 * hidden.count() / ((long) table.size() * table.spec().featureCount()));
    if (empty > 0) {
      System.out.printf("%,d cells of the table are empty: they stay missing and every method fills them, but only"
          + " the cells hidden from the observed ones are scored%n", empty);
    }
    if (hidden.emptyRows() > 0) {
      System.out.printf("%d rows have every cell hidden: the model imputes them from its marginal p(x),"
          + " the baselines from the column means%n", hidden.emptyRows());
    }
    TrainingSettings base = SettingOptions.apply(spec, SETTINGS, ImputationTraining.defaults().toBuilder().seed(seed))
        .build();
    ModelSelection selection = new ModelSelection(base, likelihoodSamples, new SelectionOutput(base.epochs()));
    Map<ModelShape, Double> tried = Map.of();
    ModelSelection.Candidate fitted;
    if (model != null) {
      fitted = selection.measure(null, readModel(table), evaluation.incomplete());
    } else {
      List<ModelShape> shapes = candidates != null ? candidates : List.of(ImputationTraining.shape(base));
      ModelSelection.Choice choice = selection.choose(
          table.withRows(evaluation.incomplete()), shapes);
      fitted = choice.best();
      tried = choice.tried();
      if (shapes.size() > 1) {
        System.out.printf("imputing with %s, the highest held-out log-likelihood of %d candidates%n", fitted.shape(),
            shapes.size());
      }
    }
    ModelBundle bundle = fitted.bundle();
    List<ImputationEvaluation.Result> results = new ArrayList<>();
    ImputationOptions options = samplers.options();
    List<Imputer.Kind> kinds = imputers == null ? List.of(Imputer.Kind.values()) : imputers;
    double rate = (double) hidden.count() / Math.max(1, table.size() * (long) table.spec().featureCount() - empty);
    SamplerChoice.Choice sampler = SamplerChoice.choose(table.withRows(evaluation.incomplete()), bundle, kinds,
        options, Math.max(0.05, Math.min(0.5, rate)), seed);
    // By default only the chosen sampler imputes the hidden cells: the others' chains cost minutes on
    // a large table, and the check has already judged them.
    List<Imputer.Kind> run = imputers == null ? List.of(sampler.best()) : imputers;
    StringBuilder check = new StringBuilder();
    sampler.rmse().forEach((kind, e) -> check.append(String.format(Locale.ROOT, "%s %s %.4f",
        check.length() == 0 ? "" : ",", ImputationEvaluation.name(kind), e)));
    System.out.printf("sampler chosen: %s, by RMSE on %,d cells hidden from the observed cells of the rows training"
        + " held out (%s); serve it with %s=%s%n", ImputationEvaluation.name(sampler.best()), sampler.cells(),
        check.toString().trim(), ServiceConfig.IMPUTER, sampler.best().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    for (Imputer.Kind kind : run) {
      ProgressBar bar = ProgressBar.onStderr();
      String name = ImputationEvaluation.name(kind);
      results.add(evaluation.model(bundle, kind, options, seed, done -> bar.update(name, done, "")));
      bar.finish();
    }
    results.add(evaluation.mean());
    results.add(evaluation.nearestNeighbours(neighbours));
    results.add(evaluation.chainedRegressions(ChainedRegressions.defaults()));
    if (forestTrees > 0) {
      ProgressBar bar = ProgressBar.onStderr();
      ForestImputer forest = new ForestImputer(forestTrees, forestRounds, ForestImputer.defaults(seed).maxDepth(), seed);
      results.add(evaluation.missForest(forest, done -> bar.update("missforest", done, "")));
      bar.finish();
    }
    for (ImputationEvaluation.Result r : results) {
      System.out.println(r.line());
    }
    if (!evaluation.mixed().isEmpty()) {
      System.out.println("by column type (error rate of ordinal and categorical cells, RMSE over the range of"
          + " numeric ones; mean over the columns):");
      evaluation.mixed().forEach((method, m) -> {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-26s mean %.4f", method,
            m.mean()));
        m.byType().forEach((type, e) -> line.append(String.format(Locale.ROOT, "   %s %.4f", type, e)));
        System.out.println(line);
      });
    }
    if (modelOut != null) {
      BundleFormat.write(bundle, modelOut);
      System.out.println("model " + bundle.version() + " written to " + modelOut + (bundle.manifest().inputSchema() != null
          ? "" : "; the columns' names are no Avro names, so the service cannot read records for it until they are"
          + " renamed (letters, digits and _, not starting with a digit)"));
    }
    return new Run(missing, hidden.count(), fitted, tried, sampler, results, evaluation.mixed());
  }

  /** Shows the selection's steps: a bar while a candidate trains, a line when it is trained and judged. */
  private final class SelectionOutput implements ModelSelection.Listener {
    private final int epochs;
    private ProgressBar bar;

    SelectionOutput(int epochs) {
      this.epochs = epochs;
    }

    @Override
    public FitListener training(ModelShape shape) {
      bar = ProgressBar.onStderr();
      return TrainingProgress.on(bar, epochs, false);
    }

    @Override
    public void trained(ModelShape shape, ModelBundle bundle) {
      bar.finish();
      System.out.printf("trained %s on the incomplete table: %d epochs in %.1f s, validation %s %.3f nats/row%n",
          shape, bundle.manifest().provenance().epochs(), bundle.manifest().provenance().trainSeconds(),
          shape.trainingSamples() == 1 ? "ELBO" : shape.trainingSamples() + "-sample bound",
          bundle.manifest().provenance().validationElbo());
    }

    @Override
    public void measured(ModelSelection.Candidate candidate, int rows) {
      System.out.printf("held-out log-likelihood %.3f nats/row (%d-sample importance-weighted estimate over the"
          + " observed cells of the last %,d rows, which training held out)%n", candidate.heldOutLogLikelihood(),
          likelihoodSamples, rows);
    }
  }

  private ModelBundle readModel(Table complete) throws Exception {
    ModelBundle bundle = BundleFormat.read(model);
    if (!bundle.featureSpec().featureNames().equals(complete.spec().featureNames())) {
      throw new IllegalArgumentException(model + ": the model's features " + bundle.featureSpec().featureNames()
          + " are not the table's columns " + complete.spec().featureNames());
    }
    return bundle;
  }

  private static void put(Map<String, Object> out, String prefix, Run run) {
    out.put(prefix + "missing", run.missing());
    out.put(prefix + "hidden_cells", run.hiddenCells());
    out.put(prefix + "model_version", run.bundle().version());
    out.put(prefix + "epochs", run.bundle().manifest().provenance().epochs());
    out.put(prefix + "validation_elbo", run.bundle().manifest().provenance().validationElbo());
    out.put(prefix + "heldout_loglik", run.model().heldOutLogLikelihood());
    if (run.model().shape() != null) {
      out.put(prefix + "model_shape", run.model().shape().toString());
    }
    run.candidates().forEach((shape, logLikelihood) -> out.put(prefix + "candidate." + shape + ".heldout_loglik",
        logLikelihood));
    out.put(prefix + "latent", run.bundle().manifest().architecture().latentDim());
    out.put(prefix + "hidden", run.bundle().manifest().architecture().hidden());
    out.put(prefix + "chosen_imputer", ImputationEvaluation.name(run.sampler().best()));
    run.sampler().rmse().forEach((kind, e) -> out.put(prefix + "check." + ImputationEvaluation.name(kind), e));
    for (ImputationEvaluation.Result r : run.results()) {
      out.put(prefix + "rmse." + r.method(), r.rmse());
      if (!Double.isNaN(r.coverage90())) {
        out.put(prefix + "coverage90." + r.method(), r.coverage90());
      }
      if (!Double.isNaN(r.acceptanceRate())) {
        out.put(prefix + "acceptance." + r.method(), r.acceptanceRate());
      }
      out.put(prefix + "seconds." + r.method(), r.seconds());
    }
    run.mixed().forEach((method, m) -> {
      out.put(prefix + "mixed." + method + ".mean", m.mean());
      m.byType().forEach((type, e) -> out.put(prefix + "mixed." + method + "." + type, e));
    });
  }
}
