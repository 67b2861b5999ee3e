package dev.mq.observability.internal;

import dev.mq.MessageTooLargeException;
import dev.mq.MessagingException;
import dev.mq.QueueFullException;
import java.time.Instant;

/**
 * Whether the last call to the broker failed for want of the broker. A call that fails with a
 * {@link MessagingException} sets the failure; any call that succeeds clears it. A message too
 * large, a full queue (back-pressure) and the caller's mistakes say nothing of connectivity.
 */
final class Connectivity {

  private volatile String failure;

  void succeeded() {
    if (failure != null) {
      failure = null;
    }
  }

  void failed(RuntimeException e) {
    if (e instanceof MessagingException && !(e instanceof MessageTooLargeException)
        && !(e instanceof QueueFullException)) {
      // the class, not the message: a message may name endpoints or, from some SDKs, worse
      failure = "the last call to the broker failed at " + Instant.now() + " with "
          + e.getClass().getName();
    }
  }

  /** The failure of the last call, or null when it succeeded. */
  String failure() {
    return failure;
  }
}
