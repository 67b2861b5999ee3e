package dev.mq.inmemory.internal;

import dev.mq.Envelope;
import dev.mq.MessageTooLargeException;
import dev.mq.spi.Utf8;
import java.util.Map;

/**
 * How this provider counts a message's size: body bytes plus the UTF-8 bytes of every property
 * name and value, the message id and the partition key.
 */
final class MessageSize {

  private MessageSize() {}

  /** The size of {@code e} in bytes. */
  static long of(Envelope e) {
    long size = e.bodySize() + Utf8.length(e.messageId());
    if (e.partitionKey().isPresent()) {
      size += Utf8.length(e.partitionKey().get());
    }
    Map<String, String> properties = e.properties();
    if (!properties.isEmpty()) { // skips the iterator allocation for the common bare message
      for (Map.Entry<String, String> p : properties.entrySet()) {
        size += Utf8.length(p.getKey()) + Utf8.length(p.getValue());
      }
    }
    return size;
  }

  /** Throws {@link MessageTooLargeException} when {@code e} is over {@code limit} bytes. */
  static void check(Envelope e, long limit) {
    if (upperBound(e) <= limit) {
      return; // the usual case, decided without looking at every character
    }
    long size = of(e);
    if (size > limit) {
      throw new MessageTooLargeException(e.messageId(), size, limit);
    }
  }

  /** At least {@link #of}: a char never takes more than 3 UTF-8 bytes (a surrogate pair 4 for 2). */
  static long upperBound(Envelope e) {
    long chars = e.messageId().length();
    if (e.partitionKey().isPresent()) {
      chars += e.partitionKey().get().length();
    }
    Map<String, String> properties = e.properties();
    if (!properties.isEmpty()) {
      for (Map.Entry<String, String> p : properties.entrySet()) {
        chars += p.getKey().length() + p.getValue().length();
      }
    }
    return e.bodySize() + 3 * chars;
  }
}
