package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.ConfigKeys;
import java.util.Map;

/** Broken: declares DEAD_LETTER but ignores mq.dead-letter-queue and drops dead letters. */
class NoDeadLetterKit extends BrokenKit {
  @Override
  void editConfig(Map<String, String> config) {
    config.remove(ConfigKeys.DEAD_LETTER_QUEUE);
  }

  @Override
  Broker wrap(Broker healthy) {
    return healthy;
  }
}
