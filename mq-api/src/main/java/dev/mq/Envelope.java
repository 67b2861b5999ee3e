package dev.mq;

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
    this.deliveryAttempt = b.deliveryAttempt;
    this.deliveryTag = b.deliveryTag;
  }

  /** A delivered copy: shares the immutable body and property map of {@code source}. */
  private Envelope(Envelope source, int deliveryAttempt, String deliveryTag) {
    this.body = source.body;
    this.properties = source.properties;
    this.messageId = source.messageId;
    this.partitionKey = source.partitionKey;
    this.deliveryAttempt = deliveryAttempt;
    this.deliveryTag = deliveryTag;
  }

  /** An envelope with this body, no properties, no partition key and a generated message id. */
  public static Envelope of(byte[] body) {
    return builder().body(body).build();
  }

  /** An envelope whose body is the UTF-8 encoding of {@code body}. */
  public static Envelope of(String body) {
    return builder().body(body).build();
  }

  /** A builder with an empty body, no properties and no message id (one is generated). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from every field of this envelope, delivery data included. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.body = body;
    b.properties.putAll(properties);
    b.messageId = messageId;
    b.partitionKey = partitionKey;
    b.deliveryAttempt = deliveryAttempt;
    b.deliveryTag = deliveryTag;
    return b;
  }

  /**
   * For providers: this message as delivered, with the given delivery attempt and tag and every
   * other field unchanged. Unlike {@code toBuilder().deliveryAttempt(a).deliveryTag(t).build()}
   * it copies neither the body nor the properties: both are immutable, so the copy shares them,
   * which makes it cheap enough to call on every delivery.
   *
   * @param deliveryAttempt the attempt, at least 1 (1 on first delivery)
   * @param deliveryTag the provider's token for this delivery
   * @throws IllegalArgumentException if {@code deliveryAttempt} is below 1
   * @throws NullPointerException if {@code deliveryTag} is null
   */
  public Envelope withDelivery(int deliveryAttempt, String deliveryTag) {
    if (deliveryAttempt < 1) {
      throw new IllegalArgumentException("deliveryAttempt of a delivery must be >= 1: " + deliveryAttempt);
    }
    return new Envelope(this, deliveryAttempt, Objects.requireNonNull(deliveryTag, "deliveryTag"));
  }

  /** A copy of the body. */
  public byte[] body() {
    return body.clone();
  }

  /** The body's length in bytes, without copying it. */
  public int bodySize() {
    return body.length;
  }

  /** The body decoded as UTF-8. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The properties, unmodifiable, in insertion order. */
  public Map<String, String> properties() {
    return properties;
  }

  /** The value of one property. */
  public Optional<String> property(String name) {
    return Optional.ofNullable(properties.get(Objects.requireNonNull(name, "name")));
  }

  /** The message id; never null. */
  public String messageId() {
    return messageId;
  }

  /** The partition key that orders this message among others of the same key, if any. */
  public Optional<String> partitionKey() {
    return Optional.ofNullable(partitionKey);
  }

  /** 0 before delivery; 1 on the first delivery, raised by one on each redelivery. */
  public int deliveryAttempt() {
    return deliveryAttempt;
  }

  /**
   * The provider's token for this delivery, present only on envelopes that a queue delivered.
   * Opaque to applications.
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
    private int deliveryAttempt;
    private String deliveryTag;

    private Builder() {}

    /** The body; copied. Empty is allowed. */
    public Builder body(byte[] body) {
      this.body = Objects.requireNonNull(body, "body").clone();
      return this;
    }

    /** The body as the UTF-8 encoding of {@code body}. */
    public Builder body(String body) {
      this.body = Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /**
     * Sets one property; replaces an earlier value of the same name.
     *
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

    /** Sets every property of the map, in its iteration order. */
    public Builder properties(Map<String, String> properties) {
      Objects.requireNonNull(properties, "properties").forEach(this::property);
      return this;
    }

    /** Removes every property. */
    public Builder clearProperties() {
      properties.clear();
      return this;
    }

    /**
     * The message id; generated when never set. Must not be empty.
     *
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
     * @throws IllegalArgumentException when it is empty, over
     *     {@link EnvelopeLimits#MAX_PARTITION_KEY_BYTES}, or holds an unpaired surrogate
     */
    public Builder partitionKey(String partitionKey) {
      Objects.requireNonNull(partitionKey, "partitionKey");
      this.partitionKey = EnvelopeLimits.checkText(partitionKey, "partitionKey", null, 1,
          EnvelopeLimits.MAX_PARTITION_KEY_BYTES);
      return this;
    }

    /** For providers: the delivery attempt of a delivered envelope (0 for a new one). */
    public Builder deliveryAttempt(int deliveryAttempt) {
      if (deliveryAttempt < 0) {
        throw new IllegalArgumentException("deliveryAttempt must be >= 0: " + deliveryAttempt);
      }
      this.deliveryAttempt = deliveryAttempt;
      return this;
    }

    /** For providers: the delivery tag of a delivered envelope. */
    public Builder deliveryTag(String deliveryTag) {
      this.deliveryTag = Objects.requireNonNull(deliveryTag, "deliveryTag");
      return this;
    }

    /** For providers and re-publishers: drops the delivery attempt and tag. */
    public Builder clearDelivery() {
      this.deliveryAttempt = 0;
      this.deliveryTag = null;
      return this;
    }

    /** The envelope; a message id is generated here when none was set. */
    public Envelope build() {
      return new Envelope(this);
    }
  }
}
