package dev.mq.tck;

import java.util.Map;

/** The whole kit against the in-memory reference provider: every rule passes or is skipped. */
class InMemoryTckTest extends MessageQueueTck {

  @Override
  protected Map<String, String> providerConfig() {
    return Map.of("mq.provider", "inmemory");
  }
}
