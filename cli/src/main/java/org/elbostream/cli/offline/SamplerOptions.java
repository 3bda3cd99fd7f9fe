package org.elbostream.cli.offline;

import java.util.Map;
import org.elbostream.model.imputation.ImputationOptions;
import picocli.CommandLine.Option;

/** How long the imputation samplers run: the options of every command that runs them, one place for their defaults. */
public final class SamplerOptions {
  @Option(names = "--burn-in", description = "Chain steps discarded (default: ${DEFAULT-VALUE}).")
  int burnIn = ImputationOptions.defaults().burnIn();

  @Option(names = "--draws", description = "Chain steps kept (default: ${DEFAULT-VALUE}).")
  int draws = ImputationOptions.defaults().draws();

  @Option(names = "--importance-samples", paramLabel = "K", description = "Proposals from the recognition network"
      + " per row that importance resampling weighs (default: ${DEFAULT-VALUE}).")
  int importanceSamples = ImputationOptions.defaults().importanceSamples();

  public ImputationOptions options() {
    return new ImputationOptions(burnIn, draws, importanceSamples);
  }

  /** The three into a command's JSON, as burn_in, draws and importance_samples. */
  public void putInto(Map<String, Object> json) {
    json.put("burn_in", burnIn);
    json.put("draws", draws);
    json.put("importance_samples", importanceSamples);
  }
}
