package dev.mq.tck.broken;

import dev.mq.Broker;
import java.util.Map;

/** Broken: a provider that shows its secret password in the broker's toString. */
class LeaksSecretKit extends BrokenKit {
  @Override
  protected Map<String, String> providerConfig() {
    return Map.of("mq.provider", "tckleaky", "mq.tckleaky.user", "tck");
  }

  @Override
  Broker wrap(Broker healthy) {
    return healthy;
  }
}
