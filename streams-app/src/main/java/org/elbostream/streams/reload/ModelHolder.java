package org.elbostream.streams.reload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.scoring.RecordScore;
import org.elbostream.streams.metrics.ServiceMetrics;
import org.elbostream.streams.scoring.RecordScorer;
import org.elbostream.streams.scoring.ScorerFactory;
import org.elbostream.streams.serde.WriterSchemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model now serving, shared by every stream task of one instance. A candidate is verified
 * before it is taken: it must read what the serving model reads (schema compatibility) and score
 * a smoke batch to finite numbers. Tasks pick up a new model between batches, so one batch is
 * always scored by one model and every output names it.
 */
public final class ModelHolder {
  private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);
  private final AtomicReference<ServingModel> current = new AtomicReference<>();
  private final ScorerFactory scorers;
  private final WriterSchemas writers;
  private final ServiceMetrics metrics;

  public ModelHolder(ScorerFactory scorers, WriterSchemas writers, ServiceMetrics metrics) {
    this.scorers = scorers;
    this.writers = writers;
    this.metrics = metrics;
  }

  /** The serving model, or null before the first one. */
  public ServingModel current() {
    return current.get();
  }

  public WriterSchemas writers() {
    return writers;
  }

  public ScorerFactory scorers() {
    return scorers;
  }

  /**
   * Verifies {@code bundle} and serves it. Returns false, with a log line naming {@code origin} and
   * a rejection counted, when it is refused; the serving model stays.
   */
  public boolean offer(ModelBundle bundle, String origin) {
    ServingModel previous = current.get();
    if (previous != null && previous.version().equals(bundle.version())) {
      return true;
    }
    ServingModel candidate;
    try {
      candidate = ServingModel.of(bundle);
      if (previous != null) {
        checkCompatible(previous.inputSchema(), candidate.inputSchema());
      }
      smokeScore(bundle);
    } catch (RuntimeException | BundleFormatException e) {
      reject(origin, bundle.version(), ServiceMetrics.REJECTED_INVALID, e.getMessage());
      return false;
    }
    writers.add(candidate.inputSchema());
    current.set(candidate);
    metrics.modelServing(candidate.version(), candidate.threshold(), candidate.createdAt());
    LOG.info("Serving model {} from {} (threshold {} nats{})", candidate.version(), origin,
        String.format("%.3f", candidate.threshold()), previous == null ? "" : ", replacing " + previous.version());
    return true;
  }

  /** Counts and logs a bundle refused before it could be read (e.g. a corrupt archive). */
  public void reject(String origin, String version, String reason, String message) {
    metrics.modelRejected(reason);
    LOG.error("Rejected model {} from {}: {}; still serving {}", version == null ? "(unreadable)" : version,
        origin, message, current.get() == null ? "nothing" : current.get().version());
  }

  /** Records written for the serving model must stay readable by the candidate. */
  private static void checkCompatible(Schema serving, Schema candidate) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(candidate, serving);
    if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new IllegalArgumentException("its input schema cannot read records of the serving schema "
          + serving.getFullName() + ": " + result.getDescription());
    }
  }

  /** Scores one row at each field's training midpoint and one with every field missing. */
  private void smokeScore(ModelBundle bundle) throws BundleFormatException {
    var features = bundle.featureSpec().features();
    double[] mid = new double[features.size()];
    double[] missing = new double[features.size()];
    for (int j = 0; j < mid.length; j++) {
      var f = features.get(j);
      mid[j] = switch (f.likelihood()) {
        case GAUSSIAN, STUDENT_T, LOG_NORMAL -> f.raw(0.5);
        case POISSON -> Math.rint(f.raw(0.5));
        case BERNOULLI, CATEGORICAL, ORDINAL -> 0;
      };
      missing[j] = f.nullable() ? Double.NaN : mid[j];
    }
    List<double[]> rows = new ArrayList<>(List.of(mid, missing));
    try (RecordScorer scorer = scorers.open(bundle)) {
      for (RecordScore s : scorer.score(rows, new long[rows.size()])) {
        if (!Double.isFinite(s.score())) {
          throw new IllegalArgumentException("smoke score is " + s.score() + ", not a finite number");
        }
      }
    }
  }
}
