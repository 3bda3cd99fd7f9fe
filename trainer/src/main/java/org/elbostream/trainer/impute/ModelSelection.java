package org.elbostream.trainer.impute;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaParseException;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.kind.LoadedModel;
import org.elbostream.trainer.data.Table;
import org.elbostream.trainer.fit.FitListener;
import org.elbostream.trainer.fit.ModelTrainer;
import org.elbostream.trainer.fit.TrainingSettings;

/**
 * Chooses the model that imputes by its fit alone: each candidate shape is trained on the
 * incomplete table and judged by an importance-weighted estimate of log p(x_obs) on the rows
 * training held out. The hidden cells play no part, so the choice never looks at the cells the
 * imputation error is measured on.
 *
 * @param base the training settings every candidate starts from (its seed also seeds the estimate);
 *     the shape sets the networks and the training bound
 * @param likelihoodSamples importance samples per row of the estimate
 * @param listener told of each step, so that a caller can show it
 */
public record ModelSelection(TrainingSettings base, int likelihoodSamples, Listener listener) {

  /** Hears what the selection does. */
  public interface Listener {
    /** A training run is about to start; it reports to the listener returned. */
    default FitListener training(ModelShape shape) {
      return FitListener.NONE;
    }

    /** A candidate has been trained. */
    default void trained(ModelShape shape, ModelBundle bundle) {}

    /** A model has been judged on {@code rows} held-out rows. */
    default void measured(Candidate candidate, int rows) {}
  }

  /**
   * A model, the shape it was trained with (null when it was given) and its held-out
   * log-likelihood in nats per row.
   */
  public record Candidate(ModelShape shape, ModelBundle bundle, double heldOutLogLikelihood) {}

  /** The model chosen, and every candidate's held-out log-likelihood in the order tried. */
  public record Choice(Candidate best, Map<ModelShape, Double> tried) {}

  /** Trains every shape on {@code incomplete} (NaN for a hidden cell) and keeps the best. */
  public Choice choose(Table incomplete, List<ModelShape> shapes) throws BundleFormatException {
    Map<ModelShape, Double> tried = new LinkedHashMap<>();
    Candidate best = null;
    for (ModelShape shape : shapes) {
      TrainingSettings config = shape.applyTo(base);
      ModelBundle bundle = ModelTrainer.train(incomplete, servingSchema(incomplete), config, listener.training(shape))
          .bundle();
      listener.trained(shape, bundle);
      Candidate candidate = measure(shape, bundle, incomplete.rows());
      tried.put(shape, candidate.heldOutLogLikelihood());
      if (best == null || candidate.heldOutLogLikelihood() > best.heldOutLogLikelihood()) {
        best = candidate;
      }
    }
    return new Choice(best, tried);
  }

  /**
   * The schema the service would read the table's rows by, so that the bundle can be served; null
   * when a column's name is no Avro name (a header such as "Cont 1"), as a table's need not be.
   */
  public static String servingSchema(Table table) {
    try {
      return table.spec().toAvroSchema("Row", "org.elbostream.generated").toString(true);
    } catch (SchemaParseException e) {
      return null;
    }
  }

  /** Judges a model on the rows that training holds out of {@code rows}. */
  public Candidate measure(ModelShape shape, ModelBundle bundle, List<double[]> rows) throws BundleFormatException {
    List<double[]> heldOut = ModelTrainer.validationRows(rows, TrainingSettings.defaults());
    try (NDManager manager = NDManager.newBaseManager()) {
      double[] logP = LoadedModel.of(bundle, manager).logMarginal(heldOut, likelihoodSamples, base.seed());
      Candidate candidate = new Candidate(shape, bundle, Arrays.stream(logP).average().orElse(Double.NaN));
      listener.measured(candidate, heldOut.size());
      return candidate;
    }
  }
}
