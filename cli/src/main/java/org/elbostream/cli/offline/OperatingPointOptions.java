package org.elbostream.cli.offline;

import org.elbostream.model.incident.IncidentRules;
import org.elbostream.model.threshold.ThresholdPolicy;
import org.elbostream.trainer.data.Series;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.eval.OperatingPoint;
import picocli.CommandLine.Option;

/**
 * The options that place {@code eval} and {@code eval-suite} where the service pages: how the
 * threshold moves and how far apart rows are. The incident rules are the service's defaults.
 */
final class OperatingPointOptions {
  @Option(names = "--threshold-mode", paramLabel = "MODE", description = "How the model's threshold moves over the"
      + " test rows, as in the service: static (as calibrated), spot or dspot (default: ${DEFAULT-VALUE}).")
  ThresholdPolicy.Mode mode = ThresholdPolicy.defaults().mode();

  @Option(names = "--interval", paramLabel = "SECONDS", description = "Seconds between rows of a file without a"
      + " time column (a file with one: its median step), for the incidents' quiet period and the days of normal"
      + " data (default: ${DEFAULT-VALUE}, as in SMD).")
  double intervalSeconds = 60;

  /** The operating point for rows of {@code table}. */
  OperatingPoint of(Table table) {
    if (!(intervalSeconds > 0)) {
      throw new IllegalArgumentException("--interval must be a positive number of seconds, got " + intervalSeconds);
    }
    Long step = table == null ? null : Series.medianStep(table);
    ThresholdPolicy d = ThresholdPolicy.defaults();
    return new OperatingPoint(new ThresholdPolicy(mode, d.risk(), d.initialQuantile(), d.depth(), d.maxPeaks(),
        d.refitEvery()), IncidentRules.defaults(), step != null ? step : Math.round(intervalSeconds * 1000));
  }
}
