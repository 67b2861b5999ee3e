package dev.mq.kinesis;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.kinesis.checkpoint.CheckpointStoreFactory;
import dev.mq.kinesis.internal.KinesisBroker;
import dev.mq.kinesis.internal.checkpoint.CheckpointStores;
import dev.mq.kinesis.internal.config.KinesisConfig;
import dev.mq.spi.ProviderConfig;
import dev.mq.spi.QueueProvider;
import java.util.HashSet;
import java.util.Set;

/**
 * The AWS Kinesis Data Streams provider, named {@code kinesis}: one queue is one stream (named
 * {@code mq.kinesis.stream-prefix} + queue name), one consumer group keeps one checkpoint per
 * shard. See the module's README for every {@code mq.kinesis.*} key, the guarantees and the
 * limits.
 */
public final class KinesisProvider implements QueueProvider {

  /** The provider's name. */
  public static final String NAME = KinesisBroker.PROVIDER_NAME;

  /** For {@link java.util.ServiceLoader}. */
  public KinesisProvider() {
    // cheap by contract: all work happens in connect
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Ordering by key, consumer groups, dead letters, competing consumers in one process,
   * durability when the checkpoint store is durable (the default {@code file} store is), and
   * competing consumers across processes with the {@code dynamodb} store (shard leases).
   */
  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.ORDERING_BY_KEY, Capability.CONSUMER_GROUPS, Capability.DEAD_LETTER,
        Capability.COMPETING_CONSUMERS, Capability.DURABLE, Capability.DISTRIBUTED_COMPETING_CONSUMERS);
  }

  @Override
  public Set<String> configKeys() {
    Set<String> keys = new HashSet<>(KinesisConfig.KEYS); // every built-in key, stores' included
    for (CheckpointStoreFactory f : CheckpointStores.all().values()) {
      keys.addAll(f.configKeys());
    }
    return Set.copyOf(keys);
  }

  @Override
  public Set<String> secretKeys() {
    Set<String> keys = new HashSet<>(KinesisConfig.SECRET_KEYS);
    for (CheckpointStoreFactory f : CheckpointStores.all().values()) {
      keys.addAll(f.secretKeys());
    }
    return Set.copyOf(keys);
  }

  @Override
  public Broker connect(ProviderConfig config) {
    return KinesisBroker.connect(config);
  }
}
