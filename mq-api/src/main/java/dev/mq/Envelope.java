package dev.mq;

import dev.mq.internal.access.EnvelopeAccess;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An immutable message: a binary body plus string metadata.
 *
 * <p>Build one with {@link #of(byte[])}, {@link #of(String)} or {@link #builder()}. Every envelope
 * has a message id, generated at build time when none is given, that survives delivery,
 * redelivery and dead-lettering. Envelopes handed out by {@link MessageQueue#dequeue()} also carry
 * a {@linkplain #deliveryAttempt() delivery attempt} and a {@linkplain #deliveryTag() delivery
 * tag} that the queue uses to recognise the envelope in {@code acknowledge} and {@code reject}.
 * Only a provider sets them (through {@link dev.mq.spi.Deliveries}); an application reads them.
 * {@link #toBuilder()} of a delivered envelope starts a new message without them (SPEC 2.11).
 *
 * <p>The body array is copied on the way in and on the way out, so neither the caller nor the
 * queue can change an envelope after it is built.
 */
public final class Envelope {

  private final byte[] body;
  private final Map<String, String> properties;
  private final String messageId;
  private final String partitionKey;
  private final int deliveryAttempt;
  private final String deliveryTag;

  private Envelope(Builder b) {
    this.body = b.body.clone();
    this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
    this.messageId = b.messageId != null ? b.messageId : UUID.randomUUID().toString();
    this.partitionKey = b.partitionKey;
    this.deliveryAttempt = 0;
    this.deliveryTag = null;
  }

  static {
    EnvelopeAccess.install(new Access());
  }

  /**
   * A copy with other delivery data (attempt 0 and no tag: undelivered); shares the immutable body
   * and property map of {@code source}.
   */
  private Envelope(Envelope source, int deliveryAttempt, String deliveryTag) {
    this.body = source.body;
    this.properties = source.properties;
    this.messageId = source.messageId;
    this.partitionKey = source.partitionKey;
    this.deliveryAttempt = deliveryAttempt;
    this.deliveryTag = deliveryTag;
  }

  /**
   * {@return an envelope with this body, no properties, no partition key and a generated message
   * id}
   *
   * @param body the body; copied
   */
  public static Envelope of(byte[] body) {
    return builder().body(body).build();
  }

  /**
   * {@return an envelope whose body is the UTF-8 encoding of {@code body}}
   *
   * @param body the body as text
   */
  public static Envelope of(String body) {
    return builder().body(body).build();
  }

  /** {@return a builder with an empty body, no properties and no message id (one is generated)} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return a builder that starts from the message of this envelope: body, properties, message id
   * and partition key} Not its delivery data: what it builds is a new message, never delivered,
   * with attempt 0 and no tag, also when this envelope was delivered (SPEC 2.11).
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.body = body;
    b.properties.putAll(properties);
    b.messageId = messageId;
    b.partitionKey = partitionKey;
    return b;
  }

  /** {@return a copy of the body} */
  public byte[] body() {
    return body.clone();
  }

  /** {@return the body's length in bytes, without copying it} */
  public int bodySize() {
    return body.length;
  }

  /** {@return the body decoded as UTF-8} */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** {@return the properties, unmodifiable, in insertion order} */
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * {@return the value of one property}
   *
   * @param name the property's name
   */
  public Optional<String> property(String name) {
    return Optional.ofNullable(properties.get(Objects.requireNonNull(name, "name")));
  }

  /** {@return the message id; never null} */
  public String messageId() {
    return messageId;
  }

  /** {@return the partition key that orders this message among others of the same key, if any} */
  public Optional<String> partitionKey() {
    return Optional.ofNullable(partitionKey);
  }

  /** {@return 0 before delivery; 1 on the first delivery, raised by one on each redelivery} */
  public int deliveryAttempt() {
    return deliveryAttempt;
  }

  /**
   * {@return the provider's token for this delivery, present only on envelopes that a queue
   * delivered} Opaque to applications, which cannot set it.
   */
  public Optional<String> deliveryTag() {
    return Optional.ofNullable(deliveryTag);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Envelope)) {
      return false;
    }
    Envelope e = (Envelope) o;
    return deliveryAttempt == e.deliveryAttempt
        && Arrays.equals(body, e.body)
        && properties.equals(e.properties)
        && messageId.equals(e.messageId)
        && Objects.equals(partitionKey, e.partitionKey)
        && Objects.equals(deliveryTag, e.deliveryTag);
  }

  @Override
  public int hashCode() {
    return Objects.hash(messageId, partitionKey, deliveryAttempt, deliveryTag)
        * 31 + Arrays.hashCode(body);
  }

  /** Names the message but never prints the body or property values, which may be sensitive. */
  @Override
  public String toString() {
    return "Envelope[messageId=" + messageId
        + (partitionKey != null ? ", partitionKey=" + partitionKey : "")
        + ", bodySize=" + body.length
        + ", properties=" + properties.keySet()
        + (deliveryAttempt > 0 ? ", deliveryAttempt=" + deliveryAttempt : "")
        + "]";
  }

  /**
   * Builds envelopes; every setter rejects null with a {@link NullPointerException}, and values
   * outside {@link EnvelopeLimits} with an {@link IllegalArgumentException}.
   */
  public static final class Builder {
    private byte[] body = new byte[0];
    private final Map<String, String> properties = new LinkedHashMap<>();
    private String messageId;
    private String partitionKey;

    private Builder() {}

    /**
     * The body; copied. Empty is allowed.
     *
     * @param body the body; copied
     * @return this builder
     */
    public Builder body(byte[] body) {
      this.body = Objects.requireNonNull(body, "body").clone();
      return this;
    }

    /**
     * The body as the UTF-8 encoding of {@code body}.
     *
     * @param body the body as text
     * @return this builder
     */
    public Builder body(String body) {
      this.body = Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /**
     * Sets one property; replaces an earlier value of the same name.
     *
     * @param name the property's name
     * @param value the property's value
     * @return this builder
     * @throws IllegalArgumentException when the name or value breaks a limit of
     *     {@link EnvelopeLimits} (empty or too long name, too long value, an unpaired surrogate),
     *     or when it would be one property too many
     */
    public Builder property(String name, String value) {
      Objects.requireNonNull(name, "property name");
      Objects.requireNonNull(value, () -> "value of property '" + EnvelopeLimits.shorten(name) + "'");
      EnvelopeLimits.checkText(name, "property name", name, 1, EnvelopeLimits.MAX_PROPERTY_NAME_BYTES);
      EnvelopeLimits.checkText(value, "value of property", name, 0, EnvelopeLimits.MAX_PROPERTY_VALUE_BYTES);
      if (!properties.containsKey(name)) {
        EnvelopeLimits.checkCount(properties.keySet(), properties.size(), name);
      }
      properties.put(name, value);
      return this;
    }

    /**
     * Sets every property of the map, in its iteration order.
     *
     * @param properties the properties to set
     * @return this builder
     */
    public Builder properties(Map<String, String> properties) {
      Objects.requireNonNull(properties, "properties").forEach(this::property);
      return this;
    }

    /**
     * Removes every property.
     *
     * @return this builder
     */
    public Builder clearProperties() {
      properties.clear();
      return this;
    }

    /**
     * The message id; generated when never set. Must not be empty.
     *
     * @param messageId the message id
     * @return this builder
     * @throws IllegalArgumentException when it is empty, over
     *     {@link EnvelopeLimits#MAX_MESSAGE_ID_BYTES}, or holds an unpaired surrogate
     */
    public Builder messageId(String messageId) {
      Objects.requireNonNull(messageId, "messageId");
      this.messageId = EnvelopeLimits.checkText(messageId, "messageId", null, 1,
          EnvelopeLimits.MAX_MESSAGE_ID_BYTES);
      return this;
    }

    /**
     * The partition key; messages of one key are delivered in push order. Must not be empty.
     *
     * @param partitionKey the partition key
     * @return this builder
     * @throws IllegalArgumentException when it is empty, over
     *     {@link EnvelopeLimits#MAX_PARTITION_KEY_BYTES}, or holds an unpaired surrogate
     */
    public Builder partitionKey(String partitionKey) {
      Objects.requireNonNull(partitionKey, "partitionKey");
      this.partitionKey = EnvelopeLimits.checkText(partitionKey, "partitionKey", null, 1,
          EnvelopeLimits.MAX_PARTITION_KEY_BYTES);
      return this;
    }

    /** {@return the envelope; a message id is generated here when none was set} */
    public Envelope build() {
      return new Envelope(this);
    }
  }

  /** The only way to set delivery data: handed to {@link dev.mq.spi.Deliveries} alone. */
  private static final class Access extends EnvelopeAccess {
    @Override
    public Envelope withDelivery(Envelope source, int deliveryAttempt, String deliveryTag) {
      return new Envelope(source, deliveryAttempt, deliveryTag);
    }
  }
}
