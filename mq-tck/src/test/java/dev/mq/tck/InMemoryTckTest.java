package dev.mq.tck;

import java.util.Map;

/** The whole kit against the in-memory reference provider: every rule passes or is skipped. */
class InMemoryTckTest extends MessageQueueTck {

  @Override
  protected Map<String, String> providerConfig() {
    return Map.of("mq.provider", "inmemory");
  }

  @Override
  protected Map<String, String> malformedProviderValues() {
    return Map.of(
        "mq.inmemory.capacity", "lots",
        "mq.inmemory.push-timeout", "soon",
        "mq.inmemory.max-message-size", "-5");
  }
}
