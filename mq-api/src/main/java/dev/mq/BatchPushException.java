package dev.mq;

import java.util.List;
import java.util.Objects;

/**
 * {@link MessageQueue#pushAll} wrote some messages but not all: {@link #failures()} lists exactly
 * the envelopes that were not written, each with its cause. Every other envelope was written.
 */
public class BatchPushException extends MessagingException {
  private static final long serialVersionUID = 1L;

  /** One envelope that was not written, and why. */
  public static final class Failure {
    private final Envelope envelope;
    private final Throwable cause;

    /** An envelope that was not written, and why. */
    public Failure(Envelope envelope, Throwable cause) {
      this.envelope = Objects.requireNonNull(envelope, "envelope");
      this.cause = Objects.requireNonNull(cause, "cause");
    }

    /** The envelope. */
    public Envelope envelope() {
      return envelope;
    }

    /** Why it was not written. */
    public Throwable cause() {
      return cause;
    }
  }

  private final transient List<Failure> failures;
  private final int attempted;

  /**
   * @param attempted how many envelopes the call was given
   * @param failures the envelopes not written, in the caller's order; not empty
   */
  public BatchPushException(int attempted, List<Failure> failures) {
    super(failures.size() + " of " + attempted + " messages were not written; first cause: "
        + failures.get(0).cause(), failures.get(0).cause());
    this.failures = List.copyOf(failures);
    this.attempted = attempted;
  }

  /** The envelopes not written, with their causes, in the caller's order. */
  public List<Failure> failures() {
    return failures;
  }

  /** Just the envelopes not written, in the caller's order. */
  public List<Envelope> notWritten() {
    return failures.stream().map(Failure::envelope).toList();
  }

  /** How many envelopes the call was given. */
  public int attempted() {
    return attempted;
  }
}
