package org.elbostream.trainer.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The model's score of every test row split into what each field owes to it, -E_q[log p(x_j|z)],
 * and the KL term, which add up to the score: what tells a user which fields drive it, on the normal
 * rows (a field that drifted since training) and on the anomalous ones (the fields that broke).
 *
 * @param names the features, in row order
 * @param scores each row's score, nats
 * @param kl each row's KL term, nats
 * @param fields each row's per-field terms, nats, in feature order (0 for a missing field)
 * @param samples how many z samples each row's score rests on (fewer than the model's count where
 *     screening kept its first estimate)
 */
public record FieldTerms(List<String> names, double[] scores, double[] kl, double[][] fields, int[] samples) {

  /** One field's mean term over the normal rows and over the labelled ones. */
  public record Share(String field, double normal, double anomalous) {}

  /**
   * Every field's mean term on the normal and on the labelled rows, the fields that weigh most
   * over all rows first.
   */
  public List<Share> shares(boolean[] labels) {
    List<Share> out = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      out.add(new Share(names.get(j), mean(j, labels, false), mean(j, labels, true)));
    }
    int anomalous = (int) IntStream.range(0, labels.length).filter(i -> labels[i]).count();
    double w = (double) anomalous / labels.length;
    out.sort(Comparator.comparingDouble((Share s) -> -((1 - w) * s.normal() + w * s.anomalous())));
    return out;
  }

  /** The fields' shares as JSON: field name to its normal and anomalous mean, heaviest first. */
  public Map<String, Object> json(boolean[] labels) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Share s : shares(labels)) {
      out.put(s.field(), Map.of("normal", s.normal(), "anomalous", s.anomalous()));
    }
    return out;
  }

  /** One field's term on every row. */
  public double[] field(int j) {
    double[] out = new double[fields.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = fields[i][j];
    }
    return out;
  }

  private double mean(int j, boolean[] labels, boolean anomalous) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < fields.length; i++) {
      if (labels[i] == anomalous) {
        sum += fields[i][j];
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
