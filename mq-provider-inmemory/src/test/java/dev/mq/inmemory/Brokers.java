package dev.mq.inmemory;

import dev.mq.Broker;
import dev.mq.MessageQueues;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Test helpers: brokers from a few keys, and unique queue names. */
final class Brokers {

  private Brokers() {}

  /**
   * An in-memory broker with these keys on top of {@code mq.provider=inmemory} and requeued
   * messages deliverable at once ({@code mq.retry.initial-delay=0ms}: these tests are not about
   * retry delays, which the TCK covers).
   */
  static Broker connect(String... keysAndValues) {
    Map<String, String> config = new HashMap<>();
    config.put("mq.provider", "inmemory");
    config.put("mq.retry.initial-delay", "0ms");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      config.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return MessageQueues.connect(config);
  }

  static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
