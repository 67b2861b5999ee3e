package dev.mq.observability.internal;

import dev.mq.Envelope;
import dev.mq.observability.MdcKeys;
import org.slf4j.MDC;

/**
 * Puts a delivery's queue, group, message id and attempt into the MDC, and puts back what was
 * there before on {@link #close()} (a handler may run on a thread that had values of its own).
 */
final class MdcScope implements AutoCloseable {

  private static final String[] KEYS = {
      MdcKeys.QUEUE, MdcKeys.GROUP, MdcKeys.MESSAGE_ID, MdcKeys.DELIVERY_ATTEMPT};

  private final String[] previous = new String[KEYS.length];

  private MdcScope(String queue, String group, Envelope e) {
    String[] values = {queue, group, e.messageId(), Integer.toString(e.deliveryAttempt())};
    for (int i = 0; i < KEYS.length; i++) {
      previous[i] = MDC.get(KEYS[i]);
      MDC.put(KEYS[i], values[i]);
    }
  }

  static MdcScope open(String queue, String group, Envelope e) {
    return new MdcScope(queue, group, e);
  }

  @Override
  public void close() {
    for (int i = 0; i < KEYS.length; i++) {
      if (previous[i] == null) {
        MDC.remove(KEYS[i]);
      } else {
        MDC.put(KEYS[i], previous[i]);
      }
    }
  }
}
