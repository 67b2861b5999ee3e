package dev.mq.inmemory.internal;

import dev.mq.Envelope;
import dev.mq.MessageTooLargeException;
import java.util.Map;

/**
 * How this provider counts a message's size: body bytes plus the UTF-8 bytes of every property
 * name and value, the message id and the partition key.
 */
public final class MessageSize {

  private MessageSize() {}

  /** The size of {@code e} in bytes. */
  public static long of(Envelope e) {
    long size = e.bodySize() + utf8Length(e.messageId());
    if (e.partitionKey().isPresent()) {
      size += utf8Length(e.partitionKey().get());
    }
    Map<String, String> properties = e.properties();
    if (!properties.isEmpty()) { // skips the iterator allocation for the common bare message
      for (Map.Entry<String, String> p : properties.entrySet()) {
        size += utf8Length(p.getKey()) + utf8Length(p.getValue());
      }
    }
    return size;
  }

  /** Throws {@link MessageTooLargeException} when {@code e} is over {@code limit} bytes. */
  public static void check(Envelope e, long limit) {
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

  /** UTF-8 length without encoding, so that checking a message allocates nothing. */
  static long utf8Length(String s) {
    long n = 0;
    int len = s.length();
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3; // includes a lone surrogate, which the encoder replaces with a 1-byte '?'; 3 is an upper bound
      }
    }
    return n;
  }
}
