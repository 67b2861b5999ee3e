package dev.mq.sqs.internal;

import dev.mq.Envelope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.UUID;

/**
 * The FIFO message group id and deduplication id of an envelope. SQS takes 1 to 128 characters
 * of ASCII letters, digits and punctuation for both; the envelope's partition key and message id
 * may be up to 4,096 and 1,024 UTF-8 bytes of any text. A value that fits (and does not start
 * with '#' or '$') is used as it is; any other becomes '#' and the Base64url SHA-256 of its UTF-8
 * bytes. The deduplication id is random per push call. A message without a partition key gets the group '$' and the hash of its message id, so
 * that keyless messages never wait for each other.
 */
final class FifoIds {

  private static final int MAX_LENGTH = 128;

  private FifoIds() {}

  /** The MessageGroupId: the partition key, or a group of the message's own. */
  static String groupId(Envelope e) {
    return e.partitionKey().map(FifoIds::fitted).orElseGet(() -> "$" + hash(e.messageId()));
  }

  /**
   * A new MessageDeduplicationId, made once per envelope per push call and kept through that
   * call's retries (the SDK's and the provider's own), so that those are written once. Not the
   * message id: SPEC 2.11 has an envelope pushed again (delivered, or rebuilt from a delivery) be
   * delivered as a new message, which SQS would drop as a duplicate for five minutes.
   */
  static String newDeduplicationId() {
    return UUID.randomUUID().toString();
  }

  static String fitted(String value) {
    if (value.length() <= MAX_LENGTH && value.charAt(0) != '#' && value.charAt(0) != '$' && printableAscii(value)) {
      return value;
    }
    return "#" + hash(value);
  }

  private static boolean printableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static String hash(String value) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
