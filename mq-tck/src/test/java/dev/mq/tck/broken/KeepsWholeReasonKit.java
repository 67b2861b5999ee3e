package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessagingException;

/**
 * Broken: puts the whole reject reason into the dead letter, which its broker then refuses when
 * the reason is long (as a record-size limit would): the reject fails, again and again.
 */
class KeepsWholeReasonKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void reject(Envelope e, boolean requeue, String reason) {
        if (reason != null && reason.length() > 4096) {
          throw new MessagingException("dead letter of " + e.messageId() + " is too large with a "
              + reason.length() + "-character reason; it stays unacknowledged");
        }
        delegate.reject(e, requeue, reason);
      }
    });
  }
}
