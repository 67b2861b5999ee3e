package dev.mq.kinesis.internal.codec;

import dev.mq.Envelope;
import dev.mq.spi.Utf8;
import java.util.Objects;

/**
 * The plain record format: the record data is the body and nothing else, so that readers other
 * than this library (Lambda, Firehose, the KCL) see the application's bytes. An envelope whose
 * content the plain format would lose is refused, never written without it.
 */
public final class PlainRecords {

  /**
   * Bytes a reader of this library adds to a plain record's body when it delivers it raw, besides
   * twice the Kinesis partition key (as the envelope's key and its {@code mq.kinesis.partition-key}
   * property): this format's header, lengths and counts (20), the message id
   * {@code <shard id>/<sequence number>} (258 at most: Kinesis allows 128 and 129 characters), and
   * the four {@code mq.kinesis.*} properties with their names and lengths (about 450 with the
   * longest shard id, sequence number and timestamp). Rounded up, so that the dead letter of any
   * plain record this provider wrote fits within the record limit.
   */
  public static final int RAW_READ_BACK_OVERHEAD = 1024;

  /** Longest Kinesis partition key: a longer envelope key would be hashed, so not carried. */
  private static final int MAX_KINESIS_KEY_CHARS = 256;

  private PlainRecords() {}

  /**
   * The record data for {@code envelope}: its body.
   *
   * @param envelope the envelope to write
   * @return the body
   * @throws IllegalArgumentException as {@link #check} does
   */
  public static byte[] encode(Envelope envelope) {
    byte[] body = envelope.body();
    check(envelope, body);
    return body;
  }

  /**
   * Refuses an envelope the plain format cannot carry: one with a property (named in the
   * message), one whose partition key is longer than Kinesis takes (it would be hashed), and
   * one whose body starts with the magic bytes of this provider's format or of a KPL aggregate
   * (a reader of this library would decode it as such). The message id is not refused: an
   * envelope cannot tell a generated id from one the application set, and readers get
   * {@code <shard id>/<sequence number>} instead.
   *
   * @param envelope the envelope to write
   * @throws IllegalArgumentException naming what cannot be carried
   */
  public static void check(Envelope envelope) {
    check(envelope, envelope.body());
  }

  private static void check(Envelope envelope, byte[] body) {
    Objects.requireNonNull(envelope, "envelope");
    if (!envelope.properties().isEmpty()) {
      String name = envelope.properties().keySet().iterator().next();
      throw new IllegalArgumentException("property '" + name + "' of message "
          + envelope.messageId() + " cannot be carried by the plain record format, which "
          + "writes the body alone (mq.kinesis.record-format=plain); remove the property or "
          + "use the envelope format");
    }
    String key = envelope.partitionKey().orElse(null);
    if (key != null && key.length() > MAX_KINESIS_KEY_CHARS) {
      throw new IllegalArgumentException("the partition key of message " + envelope.messageId()
          + " has " + key.length() + " characters; the plain record format keeps only Kinesis "
          + "partition keys of at most " + MAX_KINESIS_KEY_CHARS + " (mq.kinesis.record-format=plain)");
    }
    if (RecordCodec.hasMagic(body) || KplAggregate.isAggregated(body)) {
      throw new IllegalArgumentException("the body of message " + envelope.messageId()
          + " starts with the magic bytes of " + (RecordCodec.hasMagic(body)
          ? "this provider's envelope format" : "a KPL aggregate") + ", so readers would not take "
          + "it as plain data (mq.kinesis.record-format=plain); use the envelope format");
    }
  }

  /**
   * The size counted against the largest message for a plain record: what its dead letter takes
   * less the dead-letter properties, i.e. the body, {@link #RAW_READ_BACK_OVERHEAD} and three
   * times the Kinesis partition key (the record's key, and the raw envelope's key and property).
   * It is never below the plain record's own size (body plus key).
   *
   * @param envelope the envelope to write
   * @param kinesisPartitionKey the partition key of its Kinesis record
   * @return the size in bytes
   * @throws IllegalArgumentException as {@link #check} does
   */
  public static long sizeWithReadBack(Envelope envelope, String kinesisPartitionKey) {
    check(envelope);
    return envelope.bodySize() + RAW_READ_BACK_OVERHEAD + 3L * Utf8.length(kinesisPartitionKey);
  }
}
