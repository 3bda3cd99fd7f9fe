package org.elbostream.trainer.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.elbostream.trainer.data.Series;

/**
 * What a fitter learns from: the rows as series, those it takes gradient steps on, and those it
 * holds out to stop early and calibrate on. A model that reads each record with its past finds it
 * in the series, so a held-out row's past may reach into the training rows before it, as it would
 * in production.
 */
public record TrainingRows(Series series, Series.Split split) {

  /** Rows read alone: the training rows, then the held-out ones. */
  public static TrainingRows of(List<double[]> train, List<double[]> validation) {
    List<double[]> all = new ArrayList<>(train);
    all.addAll(validation);
    return new TrainingRows(Series.of(all), new Series.Split(IntStream.range(0, train.size()).toArray(),
        IntStream.range(train.size(), all.size()).toArray()));
  }

  public List<double[]> train() {
    return series.rows(split.train());
  }

  public List<double[]> validation() {
    return series.rows(split.validation());
  }

  /** The held-out rows' pasts of at most {@code records} rows. */
  public List<List<double[]>> validationPasts(int records) {
    return records == 0 ? null : series.pasts(split.validation(), records);
  }
}
