package dev.mq.tck.broken;

import dev.mq.Broker;
import java.util.Map;

/** The control for {@link LeaksSecretKit}: the same provider, masking its password. */
class KeepsSecretKit extends BrokenKit {
  @Override
  protected Map<String, String> providerConfig() {
    return Map.of("mq.provider", "tcksafe", "mq.tcksafe.user", "tck");
  }

  @Override
  Broker wrap(Broker healthy) {
    return healthy;
  }
}
