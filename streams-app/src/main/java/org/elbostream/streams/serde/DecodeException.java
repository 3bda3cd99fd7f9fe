package org.elbostream.streams.serde;

/** A record the service cannot score, and why. */
public final class DecodeException extends Exception {
  private static final long serialVersionUID = 1L;
  private final DeadLetterReason reason;

  public DecodeException(DeadLetterReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
