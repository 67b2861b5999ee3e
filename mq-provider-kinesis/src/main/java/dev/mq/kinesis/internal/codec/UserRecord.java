package dev.mq.kinesis.internal.codec;

import java.util.Objects;
import java.util.Optional;

/**
 * One user record out of a KPL aggregate. Within the Kinesis record it came from, it is
 * addressed by {@link #index()}, its sub-sequence number.
 */
public final class UserRecord {

  private final String partitionKey;
  private final String explicitHashKey;
  private final byte[] data;
  private final int index;

  UserRecord(String partitionKey, String explicitHashKey, byte[] data, int index) {
    this.partitionKey = Objects.requireNonNull(partitionKey, "partitionKey");
    this.explicitHashKey = explicitHashKey;
    this.data = Objects.requireNonNull(data, "data");
    this.index = index;
  }

  /** {@return the partition key the producer gave this user record} */
  public String partitionKey() {
    return partitionKey;
  }

  /** {@return the explicit hash key, when the producer gave one} */
  public Optional<String> explicitHashKey() {
    return Optional.ofNullable(explicitHashKey);
  }

  /** {@return a copy of the user record's data} */
  public byte[] data() {
    return data.clone();
  }

  /** {@return the sub-sequence number: this user record's position in the aggregate, from 0} */
  public int index() {
    return index;
  }

  @Override
  public String toString() {
    return "UserRecord[index=" + index + ", partitionKey=" + partitionKey + ", size="
        + data.length + "]";
  }
}
