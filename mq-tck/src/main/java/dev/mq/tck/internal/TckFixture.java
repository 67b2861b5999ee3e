package dev.mq.tck.internal;

import dev.mq.Broker;
import dev.mq.tck.TckTimeouts;
import java.util.Map;

/** What the rule tests need from the provider's subclass of {@code MessageQueueTck}. */
public interface TckFixture {

  /** The provider's own configuration. */
  Map<String, String> providerConfig();

  /** Connects with exactly this configuration. */
  Broker connect(Map<String, String> config);

  /** Restarts a durable broker after every client was closed. */
  void restartBroker() throws Exception;

  /** A body size the provider must accept (short message id, no properties, no key). */
  int largeBodySize();

  /** A body size the provider must refuse with {@code MessageTooLargeException}. */
  int tooLargeBodySize();

  /** Provider keys with malformed values, each of which connect must refuse. */
  Map<String, String> malformedProviderValues();

  /** Messages of the volume test of rule 3.6. */
  int volumeMessages();

  /** Messages of the restart-under-load test of rule 3.8. */
  int restartLoadMessages();

  /** The kit's waits. */
  TckTimeouts timeouts();

  /** A fresh, unique name for a queue or consumer group. */
  String uniqueName();
}
