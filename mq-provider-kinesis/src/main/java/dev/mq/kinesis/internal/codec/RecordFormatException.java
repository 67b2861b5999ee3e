package dev.mq.kinesis.internal.codec;

import dev.mq.MessagingException;

/**
 * A Kinesis record that claims one of the formats this provider reads (its magic bytes match) but
 * is corrupt: truncated, with a length past the end, a count over a limit, bad UTF-8, an unknown
 * version, or a checksum that does not match. The message says which, without record content.
 */
public class RecordFormatException extends MessagingException {
  private static final long serialVersionUID = 1L;

  /**
   * With the reason.
   *
   * @param reason what is wrong, without record content
   */
  public RecordFormatException(String reason) {
    super(reason);
  }

  /**
   * With the reason and a cause.
   *
   * @param reason what is wrong, without record content
   * @param cause the failure that revealed it
   */
  public RecordFormatException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
