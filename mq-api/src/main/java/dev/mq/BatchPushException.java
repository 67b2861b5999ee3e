package dev.mq;

import java.util.List;
import java.util.Objects;

/**
 * {@link MessageQueue#pushAll} could not confirm every message: {@link #failures()} lists exactly
 * the envelopes that are not confirmed written, each with its cause; every other envelope was
 * written. A failure is either {@linkplain #notWritten() not written} (pushing it again cannot
 * duplicate it) or {@linkplain #maybeWritten() may have been written} (its cause is a
 * {@link PushOutcomeUnknownException}: an attempt's outcome was lost, so pushing it again may
 * deliver it twice). To lose nothing, push every envelope of {@link #failures()} again.
 */
public class BatchPushException extends MessagingException {
  private static final long serialVersionUID = 1L;

  /** One envelope that is not confirmed written, and why. */
  public static final class Failure {
    private final Envelope envelope;
    private final Throwable cause;

    /**
     * An envelope that is not confirmed written, and why; a {@link PushOutcomeUnknownException}
     * cause says that it may have been written.
     *
     * @param envelope the envelope not confirmed written
     * @param cause why it is not confirmed written
     */
    public Failure(Envelope envelope, Throwable cause) {
      this.envelope = Objects.requireNonNull(envelope, "envelope");
      this.cause = Objects.requireNonNull(cause, "cause");
    }

    /** {@return the envelope} */
    public Envelope envelope() {
      return envelope;
    }

    /** {@return why it is not confirmed} */
    public Throwable cause() {
      return cause;
    }

    /** {@return true when the envelope may have been written all the same (the cause says so)} */
    public boolean maybeWritten() {
      return cause instanceof PushOutcomeUnknownException;
    }
  }

  private final transient List<Failure> failures;
  /** How many envelopes the call was given. */
  private final int attempted;

  /**
   * @param attempted how many envelopes the call was given
   * @param failures the envelopes not confirmed written, in the caller's order; not empty
   */
  public BatchPushException(int attempted, List<Failure> failures) {
    super(describe(attempted, failures), failures.get(0).cause());
    this.failures = List.copyOf(failures);
    this.attempted = attempted;
  }

  private static String describe(int attempted, List<Failure> failures) {
    long maybe = failures.stream().filter(Failure::maybeWritten).count();
    return (failures.size() - maybe) + " of " + attempted + " messages were not written"
        + (maybe > 0 ? " and " + maybe + " may or may not have been written" : "")
        + "; first cause: " + failures.get(0).cause();
  }

  /**
   * {@return every envelope not confirmed written (not written, or maybe written), with its cause,
   * in the caller's order}
   */
  public List<Failure> failures() {
    return failures;
  }

  /** {@return the envelopes surely not written, in the caller's order} */
  public List<Envelope> notWritten() {
    return failures.stream().filter(f -> !f.maybeWritten()).map(Failure::envelope).toList();
  }

  /**
   * {@return the envelopes whose outcome is unknown: they may have been written, in the caller's
   * order}
   */
  public List<Envelope> maybeWritten() {
    return failures.stream().filter(Failure::maybeWritten).map(Failure::envelope).toList();
  }

  /** {@return how many envelopes the call was given} */
  public int attempted() {
    return attempted;
  }
}
