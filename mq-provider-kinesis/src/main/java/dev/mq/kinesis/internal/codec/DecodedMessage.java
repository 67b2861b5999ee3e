package dev.mq.kinesis.internal.codec;

import dev.mq.Envelope;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A message read back from a record in this provider's format. Immutable. */
public final class DecodedMessage {

  private final String messageId;
  private final String partitionKey;
  private final Map<String, String> properties;
  private final byte[] body;

  /** Takes ownership of {@code properties}: the caller must not keep or change the map. */
  DecodedMessage(String messageId, String partitionKey, Map<String, String> properties, byte[] body) {
    this.messageId = Objects.requireNonNull(messageId, "messageId");
    this.partitionKey = partitionKey;
    // the codec hands over a map it built for this message alone: wrapped, not copied
    this.properties = Collections.unmodifiableMap(properties);
    this.body = Objects.requireNonNull(body, "body");
  }

  /** {@return the envelope's message id} */
  public String messageId() {
    return messageId;
  }

  /** {@return the envelope's own partition key, exactly as pushed, if it had one} */
  public Optional<String> partitionKey() {
    return Optional.ofNullable(partitionKey);
  }

  /** {@return the properties, unmodifiable, in the order they were pushed} */
  public Map<String, String> properties() {
    return properties;
  }

  /** {@return a copy of the body} */
  public byte[] body() {
    return body.clone();
  }

  /** {@return the body's length in bytes} */
  public int bodySize() {
    return body.length;
  }

  /**
   * {@return a builder for the envelope this record carried: body, properties, message id and
   * partition key set; the caller adds delivery data}
   */
  public Envelope.Builder toEnvelopeBuilder() {
    Envelope.Builder b = Envelope.builder().messageId(messageId).body(body).properties(properties);
    if (partitionKey != null) {
      b.partitionKey(partitionKey);
    }
    return b;
  }

  /** Names the message; never prints the body or property values. */
  @Override
  public String toString() {
    return "DecodedMessage[messageId=" + messageId
        + (partitionKey != null ? ", partitionKey=" + partitionKey : "")
        + ", bodySize=" + body.length + ", properties=" + properties.keySet() + "]";
  }
}
