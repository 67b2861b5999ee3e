package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.MessageQueues;
import dev.mq.tck.MessageQueueTck;
import dev.mq.tck.TckTimeouts;
import java.util.HashMap;
import java.util.Map;

/**
 * The kit against the in-memory provider made wrong in one way. Subclasses are named {@code *Kit}
 * so that surefire does not run them as tests; {@code BrokenProvidersTest} runs selected rule
 * tests of each and expects them to fail.
 */
abstract class BrokenKit extends MessageQueueTck {

  @Override
  protected Map<String, String> providerConfig() {
    return Map.of("mq.provider", "inmemory");
  }

  /**
   * A fifth of the usual waits: the in-memory broker answers at once, and a failing rule test
   * waits out its whole await timeout. {@code HealthyWrapperKit} proves the waits are long enough.
   */
  @Override
  protected TckTimeouts timeouts() {
    return TckTimeouts.withFactor(0.2 * TckTimeouts.fromEnvironment().factor());
  }

  @Override
  protected final Broker connect(Map<String, String> config) {
    Map<String, String> edited = new HashMap<>(config);
    editConfig(edited);
    return wrap(MessageQueues.connect(edited));
  }

  /** Changes the configuration the in-memory broker really gets; default: none. */
  void editConfig(Map<String, String> config) {
    // unchanged
  }

  /** The broken broker around a healthy one. */
  abstract Broker wrap(Broker healthy);
}
