package dev.mq.kinesis.internal.producer;

import dev.mq.Envelope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Derives the Kinesis partition key (1..256 characters) from an envelope: its own partition key
 * when that fits, a stable hash of it when it is longer, and the message id when it has none.
 * Equal envelope keys always give equal Kinesis keys, so per-key order maps onto one shard.
 */
final class KinesisPartitionKeys {

  private KinesisPartitionKeys() {}

  static String of(Envelope envelope) {
    return fit(envelope.partitionKey().orElse(envelope.messageId()));
  }

  /** {@code key} itself when it has 1..256 characters, else the hex SHA-256 of its UTF-8. */
  static String fit(String key) {
    if (!key.isEmpty() && key.length() <= OutgoingRecord.MAX_PARTITION_KEY_CHARS) {
      return key;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
