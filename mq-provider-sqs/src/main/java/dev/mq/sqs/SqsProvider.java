package dev.mq.sqs;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.sqs.internal.SqsBroker;
import dev.mq.sqs.internal.SqsConfig;
import dev.mq.spi.ProviderConfig;
import dev.mq.spi.QueueProvider;
import java.util.Set;

/**
 * The Amazon SQS provider, named {@code sqs}: one queue is one SQS queue (named
 * {@code mq.sqs.queue-prefix} + queue name; FIFO queues end in {@code .fifo}). See the module's
 * README for every {@code mq.sqs.*} key, the guarantees and the limits.
 */
public final class SqsProvider implements QueueProvider {

  /** The provider's name. */
  public static final String NAME = SqsBroker.PROVIDER;

  /** For {@link java.util.ServiceLoader}. */
  public SqsProvider() {
    // cheap by contract: all work happens in connect
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Durability, dead letters (the library's, with the reason), competing consumers in one
   * process and across processes, and ordering by key for FIFO brokers ({@code mq.sqs.fifo=true}).
   * Not consumer groups: SQS has none.
   */
  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.ORDERING_BY_KEY, Capability.DURABLE, Capability.DEAD_LETTER,
        Capability.COMPETING_CONSUMERS, Capability.DISTRIBUTED_COMPETING_CONSUMERS);
  }

  @Override
  public Set<String> configKeys() {
    return SqsConfig.KEYS;
  }

  @Override
  public Set<String> secretKeys() {
    return SqsConfig.SECRET_KEYS;
  }

  @Override
  public Broker connect(ProviderConfig config) {
    return SqsBroker.connect(config);
  }
}
