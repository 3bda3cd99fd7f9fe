package org.elbostream.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code elbostream demo}: the whole offline path on the bundled SMD machine — train a model, then
 * evaluate it against Random Cut Forest on the labelled test split. (The streaming demo on an
 * embedded broker replaces this once the service lands.)
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Train on the bundled SMD machine and evaluate against Random Cut Forest on its labelled test split.")
public final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", defaultValue = "${sys:elbostream.home:-.}/target/demo", description = "Where the model, report and results go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--epochs", defaultValue = "40", description = "Maximum training epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    Path model = out.resolve("model");
    int trained = root.execute("train", "--train", DemoData.TRAIN.toString(), "--out", model.toString(),
        "--epochs", String.valueOf(epochs));
    if (trained != 0) {
      return trained;
    }
    Path results = out.resolve("eval.json");
    int evaluated = root.execute("eval", "--model", model.toString(), "--test", DemoData.TEST.toString(),
        "--labels", DemoData.LABELS.toString(), "--baseline", "rcf", "--json", results.toString(),
        "--report", out.resolve("eval.html").toString());
    if (evaluated == 0) {
      System.out.printf("%ntraining report: %s%nevaluation report: %s%nresults: %s%n",
          model.resolve("report.html").toAbsolutePath(), out.resolve("eval.html").toAbsolutePath(),
          results.toAbsolutePath());
    }
    return evaluated;
  }
}
