package org.elbostream.cli.offline;

import org.elbostream.model.incident.IncidentRules;
import org.elbostream.model.scoring.Screening;
import org.elbostream.model.threshold.ThresholdPolicy;
import org.elbostream.trainer.data.Series;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.eval.OperatingPoint;
import picocli.CommandLine.Option;

/**
 * The options that place {@code eval} and {@code eval-suite} where the service pages: how the
 * threshold moves, at what risk, when an incident opens and resolves, how far apart rows are, and
 * how rows are screened before the full sample count is spent on them.
 * Each defaults to the service's own default.
 */
final class OperatingPointOptions {
  @Option(names = "--threshold-mode", paramLabel = "MODE", description = "How the model's threshold moves over the"
      + " test rows, as in the service: static (as calibrated), spot or dspot (default: ${DEFAULT-VALUE}).")
  ThresholdPolicy.Mode mode = ThresholdPolicy.defaults().mode();

  @Option(names = "--threshold-risk", paramLabel = "P", description = "Probability of a normal score above the"
      + " moving threshold; 0 for the bundle's calibrated risk (default: ${DEFAULT-VALUE}).")
  double risk = ThresholdPolicy.defaults().risk();

  @Option(names = "--dspot-depth", paramLabel = "ROWS", description = "Recent non-alarm scores whose mean is"
      + " dspot's level (default: ${DEFAULT-VALUE}).")
  int depth = ThresholdPolicy.defaults().depth();

  @Option(names = "--incident-open", paramLabel = "K/N", description = "An incident opens when K of a series' last"
      + " N rows cross the threshold (default: ${DEFAULT-VALUE}).")
  String open = IncidentRules.defaults().k() + "/" + IncidentRules.defaults().n();

  @Option(names = "--incident-quiet", paramLabel = "ROWS", description = "An incident resolves after this many rows'"
      + " worth of quiet (default: ${DEFAULT-VALUE}).")
  int quiet = IncidentRules.defaults().quietRecords();

  @Option(names = "--interval", paramLabel = "SECONDS", description = "Seconds between rows of a file without a"
      + " time column (a file with one: its median step), for the incidents' quiet period and the days of normal"
      + " data (default: ${DEFAULT-VALUE}, as in SMD).")
  double intervalSeconds = 60;

  @Option(names = "--screen-samples", paramLabel = "N", description = "z samples each row is first scored with;"
      + " rows that estimate cannot place clearly below the threshold get the model's full count, as in the"
      + " service (elbostream.scoring.screen.samples). 0: every row gets the full count. When it screens, the"
      + " model is also scored in full and both are reported (default: ${DEFAULT-VALUE}).")
  int screenSamples = Screening.defaults().samples();

  @Option(names = "--screen-margin", paramLabel = "SE", description = "Standard errors of the first estimate"
      + " between it and the threshold for a row to keep it (default: ${DEFAULT-VALUE}).")
  double screenMargin = Screening.defaults().margin();

  /** How the model's rows are screened. */
  Screening screening() {
    return new Screening(screenSamples, screenMargin);
  }

  /** The operating point for rows of {@code table}. */
  OperatingPoint of(Table table) {
    if (!(intervalSeconds > 0)) {
      throw new IllegalArgumentException("--interval must be a positive number of seconds, got " + intervalSeconds);
    }
    Long step = table == null ? null : Series.medianStep(table);
    String[] kn = open.split("/");
    if (kn.length != 2 || !kn[0].strip().matches("\\d+") || !kn[1].strip().matches("\\d+")) {
      throw new IllegalArgumentException("--incident-open takes K/N, such as 2/2; got " + open);
    }
    IncidentRules rules = new IncidentRules(Integer.parseInt(kn[0].strip()), Integer.parseInt(kn[1].strip()), quiet);
    ThresholdPolicy d = ThresholdPolicy.defaults();
    return new OperatingPoint(new ThresholdPolicy(mode, risk == 0 ? Double.NaN : risk, d.initialQuantile(), depth,
        d.maxPeaks(), d.refitEvery()), rules, step != null ? step : Math.round(intervalSeconds * 1000));
  }
}
