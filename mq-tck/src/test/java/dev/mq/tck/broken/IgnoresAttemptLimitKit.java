package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.ConfigKeys;
import java.util.Map;

/** Broken: ignores mq.max-delivery-attempts (runs with a limit of 1000). */
class IgnoresAttemptLimitKit extends BrokenKit {
  @Override
  void editConfig(Map<String, String> config) {
    config.put(ConfigKeys.MAX_DELIVERY_ATTEMPTS, "1000");
  }

  @Override
  Broker wrap(Broker healthy) {
    return healthy;
  }
}
