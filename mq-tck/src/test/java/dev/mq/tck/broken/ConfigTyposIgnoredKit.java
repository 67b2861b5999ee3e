package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.ConfigKeys;
import java.util.Map;

/**
 * Broken: does not check a dead-letter queue name or the attempt limit's range at connect; an
 * invalid dead-letter queue is dropped (it would fail at the first reject) and an out-of-range
 * attempt limit is quietly clamped.
 */
class ConfigTyposIgnoredKit extends BrokenKit {
  @Override
  void editConfig(Map<String, String> config) {
    String dlq = config.get(ConfigKeys.DEAD_LETTER_QUEUE);
    if (dlq != null && !dlq.replace("{queue}", "q").matches("[A-Za-z0-9._-]{1,255}")) {
      config.remove(ConfigKeys.DEAD_LETTER_QUEUE);
    }
    String attempts = config.get(ConfigKeys.MAX_DELIVERY_ATTEMPTS);
    if (attempts != null && !attempts.matches("[1-9][0-9]{0,2}|1000")) {
      config.put(ConfigKeys.MAX_DELIVERY_ATTEMPTS, "1000");
    }
  }

  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, ForwardingQueue::new);
  }
}
