package dev.mq.kinesis.internal.config;

import dev.mq.spi.ProviderConfig;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Where a group without a checkpoint starts reading a shard: trim-horizon, latest or a time. */
public final class InitialPosition {

  /** The kind of start position. */
  public enum Kind {
    /** The oldest record still in the stream. */
    TRIM_HORIZON,
    /** Records written after the start was taken. */
    LATEST,
    /** Records that arrived at or after a timestamp. */
    AT_TIMESTAMP
  }

  /** The default: the oldest record still in the stream. */
  public static final InitialPosition TRIM_HORIZON = new InitialPosition(Kind.TRIM_HORIZON, null);
  /**
   * Only records written after the group was first opened in the broker that first reads a
   * shard; that time is then stored as the shard's first checkpoint, for every later reader.
   */
  public static final InitialPosition LATEST = new InitialPosition(Kind.LATEST, null);

  private final Kind kind;
  private final Instant timestamp;

  private InitialPosition(Kind kind, Instant timestamp) {
    this.kind = kind;
    this.timestamp = timestamp;
  }

  /**
   * {@return records that arrived at or after {@code timestamp}}
   *
   * @param timestamp the arrival time to start from
   */
  public static InitialPosition atTimestamp(Instant timestamp) {
    return new InitialPosition(Kind.AT_TIMESTAMP, Objects.requireNonNull(timestamp, "timestamp"));
  }

  /**
   * Parses {@code trim-horizon}, {@code latest} or an ISO-8601 instant such as
   * 2026-01-31T10:00:00Z.
   *
   * @param fullKey the full name of the key, for the error
   * @param raw the configured value
   * @return the position
   */
  public static InitialPosition parse(String fullKey, String raw) {
    String v = raw.trim();
    switch (v.toLowerCase(Locale.ROOT)) {
      case "trim-horizon", "trim_horizon":
        return TRIM_HORIZON;
      case "latest":
        return LATEST;
      default:
        break;
    }
    try {
      return atTimestamp(Instant.parse(v));
    } catch (DateTimeParseException e) {
      try {
        return atTimestamp(OffsetDateTime.parse(v).toInstant());
      } catch (DateTimeParseException e2) {
        throw ProviderConfig.malformedValue(fullKey, raw,
            "trim-horizon, latest or an ISO-8601 timestamp such as 2026-01-31T10:00:00Z");
      }
    }
  }

  /** {@return the kind} */
  public Kind kind() {
    return kind;
  }

  /** {@return the timestamp of {@link Kind#AT_TIMESTAMP}} */
  public Optional<Instant> timestamp() {
    return Optional.ofNullable(timestamp);
  }

  @Override
  public String toString() {
    return kind == Kind.AT_TIMESTAMP ? timestamp.toString() : kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
