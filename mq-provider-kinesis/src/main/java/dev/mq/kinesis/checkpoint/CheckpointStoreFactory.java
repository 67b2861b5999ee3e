package dev.mq.kinesis.checkpoint;

import dev.mq.spi.ProviderConfig;
import java.util.Set;

/**
 * Makes a {@link CheckpointStore}; chosen by {@link #name()} with
 * {@code mq.kinesis.checkpoint-store}.
 *
 * <p>The built-in factories are {@code memory} and {@code file}. Others are found with
 * {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/dev.mq.kinesis.checkpoint.CheckpointStoreFactory}. Implementations need
 * a public no-argument constructor.
 */
public interface CheckpointStoreFactory {

  /** {@return the short name used as the value of {@code mq.kinesis.checkpoint-store}} */
  String name();

  /**
   * {@return keys under {@code mq.kinesis.} that this store reads, without that prefix; the
   * provider accepts them in addition to its own}
   */
  default Set<String> configKeys() {
    return Set.of();
  }

  /** {@return keys among {@link #configKeys()} whose values are secret} */
  default Set<String> secretKeys() {
    return Set.of();
  }

  /**
   * Makes a store for one broker.
   *
   * @param config the provider's configuration ({@code config.string("checkpoint-dir")} reads
   *     {@code mq.kinesis.checkpoint-dir})
   * @return a store for one broker
   * @throws dev.mq.ConfigurationException for a malformed value
   */
  CheckpointStore create(ProviderConfig config);
}
