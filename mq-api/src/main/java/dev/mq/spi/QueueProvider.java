package dev.mq.spi;

import dev.mq.Broker;
import dev.mq.Capability;
import java.util.Set;

/**
 * A broker implementation, found with {@link java.util.ServiceLoader}: list the implementing class
 * in {@code META-INF/services/dev.mq.spi.QueueProvider}. Implementations need a public no-argument
 * constructor and must be cheap to construct; all work happens in {@link #connect}.
 */
public interface QueueProvider {

  /**
   * {@return short unique name, lower case, used as {@code mq.provider} and as the key namespace}
   */
  String name();

  /** {@return every capability any broker of this provider may have} */
  Set<Capability> capabilities();

  /**
   * {@return the keys this provider accepts under {@code mq.<name>.}, without that prefix (for
   * example {@code region})} Any other key in the namespace is rejected before {@link #connect}
   * runs.
   */
  Set<String> configKeys();

  /**
   * {@return the keys (a subset of {@link #configKeys()}) whose values are secret and are never
   * shown}
   */
  default Set<String> secretKeys() {
    return Set.of();
  }

  /**
   * Connects. The configuration has been checked for unknown keys already.
   *
   * @param config the configuration, checked for unknown keys
   * @return a connected broker
   * @throws dev.mq.ConfigurationException for a malformed value
   * @throws dev.mq.MessagingException when the broker cannot be reached
   */
  Broker connect(ProviderConfig config);
}
