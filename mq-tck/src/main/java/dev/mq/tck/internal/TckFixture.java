package dev.mq.tck.internal;

import dev.mq.Broker;
import dev.mq.tck.TckTimeouts;
import java.util.Map;

/** What the rule tests need from the provider's subclass of {@code MessageQueueTck}. */
public interface TckFixture {

  /** {@return the provider's own configuration} */
  Map<String, String> providerConfig();

  /**
   * Connects with exactly this configuration.
   *
   * @param config the whole {@code mq.*} configuration
   * @return the connected broker
   */
  Broker connect(Map<String, String> config);

  /**
   * Restarts a durable broker after every client was closed.
   *
   * @throws Exception whatever the provider's restart hook throws
   */
  void restartBroker() throws Exception;

  /** {@return a body size the provider must accept (short message id, no properties, no key)} */
  int largeBodySize();

  /** {@return a body size the provider must refuse with {@code MessageTooLargeException}} */
  int tooLargeBodySize();

  /** {@return provider keys with malformed values, each of which connect must refuse} */
  Map<String, String> malformedProviderValues();

  /** {@return how many messages the volume test of rule 3.6 sends} */
  int volumeMessages();

  /** {@return how many messages the restart-under-load test of rule 3.8 sends} */
  int restartLoadMessages();

  /** {@return the kit's waits} */
  TckTimeouts timeouts();

  /** {@return a fresh, unique name for a queue or consumer group} */
  String uniqueName();
}
