package org.elbostream.streams.topology;

/**
 * The names of the headers the service puts on its output records, in one place for the topology
 * and for whoever reads the topics.
 */
public final class OutputHeaders {
  private OutputHeaders() {}

  /** Comma-separated names of the fields the imputed record has filled in (empty if none). */
  public static final String IMPUTED = "elbo.imputed";
  /**
   * Content hash of the model that produced an output, on the records whose value is the input's
   * (imputed, dead letters); scores, alerts and incidents name it in their {@code model_version}.
   */
  public static final String MODEL_VERSION = "elbo.model.version";
  /** Why a record is on the dead-letter topic (a {@link org.elbostream.streams.serde.DeadLetterReason} label). */
  public static final String DEAD_LETTER_REASON = "elbo.dead.letter.reason";

  // The dead-letter topic also carries the headers of Kafka Streams' own dead-letter queue
  // (KIP-1034), so one consumer reads the service's dead letters and Kafka's alike. Kafka declares
  // these names only in an internal class (errors.internals.ExceptionHandlerUtils), hence ours.
  /** The error: here the dead-letter reason's name. */
  public static final String ERROR_EXCEPTION = "__streams.errors.exception";
  /** What was wrong with the record, in words. */
  public static final String ERROR_MESSAGE = "__streams.errors.message";
  /** The record's origin: topic, partition and offset. */
  public static final String ERROR_TOPIC = "__streams.errors.topic";
  public static final String ERROR_PARTITION = "__streams.errors.partition";
  public static final String ERROR_OFFSET = "__streams.errors.offset";
}
