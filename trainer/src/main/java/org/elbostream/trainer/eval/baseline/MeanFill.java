package org.elbostream.trainer.eval.baseline;

import java.util.List;
import org.elbostream.trainer.impute.Baselines;

/** The baselines cannot take a missing value: each is replaced by its column's training mean. */
record MeanFill(double[] means) {

  static MeanFill of(List<double[]> train) {
    return new MeanFill(Baselines.columnMeans(train));
  }

  double[] apply(double[] row) {
    double[] out = row;
    for (int j = 0; j < row.length; j++) {
      if (Double.isNaN(row[j])) {
        if (out == row) {
          out = row.clone();
        }
        out[j] = means[j];
      }
    }
    return out;
  }
}
