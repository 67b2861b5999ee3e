package dev.mq.tck.broken;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * Broken: durable, but acknowledgements are written in batches of {@value #BATCH}, and closing
 * writes only the first {@value #CLOSE_FLUSH} pending ones: after a restart under load, messages
 * whose acknowledgement returned come back. A single acknowledgement before a restart survives.
 */
class ForgetsAcksOnRestartKit extends DurableInMemoryKit {

  static final int BATCH = 256;
  static final int CLOSE_FLUSH = 16;

  @Override
  MessageQueue wrapQueue(MessageQueue q) {
    return new ForwardingQueue(q) {
      private final List<Envelope> pending = new ArrayList<>();

      @Override
      public void acknowledge(Envelope e) {
        List<Envelope> due = null;
        synchronized (pending) {
          pending.add(e);
          if (pending.size() >= BATCH) {
            due = new ArrayList<>(pending);
            pending.clear();
          }
        }
        if (due != null) {
          due.forEach(delegate::acknowledge);
        }
      }

      @Override
      public void close() {
        List<Envelope> due;
        synchronized (pending) {
          due = new ArrayList<>(pending.subList(0, Math.min(CLOSE_FLUSH, pending.size())));
          pending.clear();
        }
        due.forEach(delegate::acknowledge);
        super.close();
      }
    };
  }
}
