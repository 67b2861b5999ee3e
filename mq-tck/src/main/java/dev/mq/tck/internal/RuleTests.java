package dev.mq.tck.internal;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.ConfigKeys;
import dev.mq.Envelope;
import dev.mq.spi.QueueProvider;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the kit's rule tests, one subclass per area of SPEC.md: opens a {@link TckSession} before
 * each test and closes it after, which fails the test if one of its threads failed. Each test runs
 * as often as {@link dev.mq.tck.TckRepeat} says, each time with a fresh session.
 */
@ExtendWith(RepeatRuleTests.class)
public abstract class RuleTests {

  /**
   * Start of the reason of a rule test that stands for a rule the kit does not test: it is
   * {@code @Disabled} with this reason, so every provider's report lists the rule as skipped and
   * says why (as the reactive-streams TCK does).
   */
  public static final String NOT_TESTED = "not tested by the TCK: ";

  private final TckFixture fixture;
  /** The running test's resources. */
  protected TckSession session;

  /**
   * Rule tests that use the provider's {@code fixture}.
   *
   * @param fixture the provider's hooks, from {@code MessageQueueTck}
   */
  protected RuleTests(TckFixture fixture) {
    this.fixture = fixture;
  }

  @BeforeEach
  final void openTckSession() {
    session = new TckSession(fixture);
  }

  @AfterEach
  final void closeTckSession() {
    session.close();
  }

  /** Skips the running test, with the reason, unless {@code broker} declares {@code capability}. */
  static void assumeCapability(Broker broker, Capability capability) {
    assumeTrue(broker.capabilities().contains(capability), "provider does not declare " + capability);
  }

  /** Skips the running test when {@code broker} declares {@code capability}. */
  static void assumeNoCapability(Broker broker, Capability capability, String testedBy) {
    assumeFalse(broker.capabilities().contains(capability),
        "provider declares " + capability + "; the capability is tested by " + testedBy);
  }

  /** A message with this body and a {@code tck-body} property repeating it. */
  static Envelope message(String body) {
    return Envelope.builder().body(body).property("tck-body", body).build();
  }

  /** A message with this body and partition key. */
  static Envelope keyed(String key, String body) {
    return Envelope.builder().body(body).partitionKey(key).build();
  }

  /** Configuration overrides that set the attempt limit. */
  static Map<String, String> maxAttempts(int attempts) {
    return Map.of(ConfigKeys.MAX_DELIVERY_ATTEMPTS, Integer.toString(attempts));
  }

  /** The provider of this name found by {@link ServiceLoader}, if any. */
  static Optional<QueueProvider> providerNamed(String name) {
    return ServiceLoader.load(QueueProvider.class, RuleTests.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name))
        .findFirst();
  }
}
