package dev.mq.tck.broken;

import dev.mq.Broker;
import java.util.Map;

/** The control: the forwarding wrappers with nothing broken must pass. */
class HealthyWrapperKit extends BrokenKit {
  @Override
  protected Map<String, String> malformedProviderValues() {
    return Map.of("mq.inmemory.capacity", "lots");
  }

  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, ForwardingQueue::new);
  }
}
