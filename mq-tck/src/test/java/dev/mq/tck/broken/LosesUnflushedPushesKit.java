package dev.mq.tck.broken;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Broken: durable, but push returns before the message is written. Pushed messages wait in a
 * buffer per queue, written when it holds {@value #BATCH} or when the queue is read; closing
 * writes only the first {@value #CLOSE_FLUSH} waiting ones. So a restart that follows pushes
 * nobody read loses accepted messages; a few messages before a restart survive.
 */
class LosesUnflushedPushesKit extends DurableInMemoryKit {

  static final int BATCH = 256;
  static final int CLOSE_FLUSH = 16;

  private final Map<String, List<Envelope>> pending = new ConcurrentHashMap<>();

  @Override
  MessageQueue wrapQueue(MessageQueue q) {
    List<Envelope> buffer = pending.computeIfAbsent(q.name(), n -> new ArrayList<>());
    return new ForwardingQueue(q) {
      @Override
      public void push(Envelope e) {
        pushAll(List.of(e));
      }

      @Override
      public void pushAll(List<Envelope> envelopes) {
        synchronized (buffer) {
          buffer.addAll(envelopes);
          if (buffer.size() >= BATCH) {
            flush(buffer.size());
          }
        }
      }

      @Override
      public Optional<Envelope> dequeue() {
        synchronized (buffer) {
          flush(buffer.size());
        }
        return delegate.dequeue();
      }

      @Override
      public Optional<Envelope> dequeue(Duration maxWait) {
        synchronized (buffer) {
          flush(buffer.size());
        }
        return delegate.dequeue(maxWait);
      }

      @Override
      public void close() {
        synchronized (buffer) {
          flush(Math.min(CLOSE_FLUSH, buffer.size()));
          buffer.clear(); // the rest is lost
        }
        super.close();
      }

      /** Writes the first {@code n} waiting messages; the caller holds the buffer's lock. */
      private void flush(int n) {
        if (n > 0) {
          delegate.pushAll(new ArrayList<>(buffer.subList(0, n)));
          buffer.subList(0, n).clear();
        }
      }
    };
  }
}
