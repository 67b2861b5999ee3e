package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mq.Broker;
import dev.mq.ConfigKeys;
import dev.mq.ConfigurationException;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.ProviderNotFoundException;
import dev.mq.Subscription;
import dev.mq.spi.QueueProvider;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules 1.x: provider selection and configuration, as far as a provider is responsible. */
public abstract class ConfigurationRules extends RuleTests {

  /**
   * The tests, for {@code fixture}.
   *
   * @param fixture the provider's hooks, from {@code MessageQueueTck}
   */
  protected ConfigurationRules(TckFixture fixture) {
    super(fixture);
  }

  @Test
  @Disabled(NOT_TESTED + "merging system properties, MQ_* variables and mq.properties is MessageQueues' own "
      + "logic, the same for every provider, and is mq-api's unit test; a kit that changed the JVM's "
      + "environment would disturb the provider under test")
  @DisplayName("1.3 configuration sources are merged: system properties, MQ_* variables, mq.properties (not tested by the TCK)")
  void rule_1_3_configurationSourcesAreMerged() {
    // not tested: see @Disabled
  }

  @Test
  @DisplayName("1.1 ServiceLoader finds the provider by the name its broker reports")
  void rule_1_1_serviceLoaderFindsProviderByName() {
    String name = session.connect().provider();
    assertThat(MessageQueues.providers()).as("providers found by ServiceLoader").contains(name);
    Map<String, String> config = session.providerConfig();
    config.put(ConfigKeys.PROVIDER, name);
    Broker byName = session.track(MessageQueues.connect(config));
    assertThat(byName.provider()).isEqualTo(name);
  }

  @Test
  @DisplayName("1.1 without mq.provider the only provider is used; with several, the error lists this one (1.2)")
  void rule_1_1_withoutNameTheOnlyProviderIsUsed() {
    String name = session.connect().provider();
    Map<String, String> config = session.providerConfig();
    config.remove(ConfigKeys.PROVIDER);
    if (MessageQueues.providers().size() == 1) {
      assertThat(session.track(MessageQueues.connect(config)).provider()).isEqualTo(name);
    } else {
      assertThatCode(() -> session.track(MessageQueues.connect(config)))
          .as("several providers on the class path %s and no mq.provider", MessageQueues.providers())
          .isInstanceOf(ProviderNotFoundException.class)
          .hasMessageContaining(name);
    }
  }

  @Test
  @DisplayName("1.2 an unknown provider name is a ProviderNotFoundException that lists this provider")
  void rule_1_2_unknownProviderNameListsThisProvider() {
    String name = session.connect().provider();
    Map<String, String> config = session.providerConfig();
    config.put(ConfigKeys.PROVIDER, "tck-no-such-provider");
    assertThatCode(() -> session.track(MessageQueues.connect(config)))
        .isInstanceOf(ProviderNotFoundException.class)
        .hasMessageContaining("tck-no-such-provider")
        .hasMessageContaining(name);
  }

  @Test
  @DisplayName("1.4 an unknown key in the provider's namespace is a ConfigurationException naming it and the valid keys")
  void rule_1_4_unknownProviderKeyIsRejected() {
    String name = session.connect().provider();
    String key = ConfigKeys.PREFIX + name + ".tck-no-such-key";
    Map<String, String> config = session.providerConfig();
    config.put(key, "1");
    Throwable thrown = catchThrowable(() -> session.connectExactly(config));
    assertThat(thrown).as("connect with unknown key " + key)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(key);
    providerNamed(name).map(QueueProvider::configKeys).orElse(Set.of())
        .forEach(valid -> assertThat(thrown.getMessage()).as("lists the valid keys")
            .contains(ConfigKeys.PREFIX + name + "." + valid));
  }

  @Test
  @DisplayName("1.4 an unknown common key under mq. is a ConfigurationException naming it")
  void rule_1_4_unknownCommonKeyIsRejected() {
    session.connect();
    Map<String, String> config = session.providerConfig();
    config.put("mq.tck-no-such-key", "1");
    assertThatCode(() -> session.connectExactly(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.tck-no-such-key")
        .hasMessageContaining(ConfigKeys.MAX_DELIVERY_ATTEMPTS);
  }

  @Test
  @DisplayName("1.5 a malformed mq.max-delivery-attempts is a ConfigurationException naming key and value")
  void rule_1_5_malformedAttemptLimitIsRejected() {
    for (String bad : List.of("three", "-7", "0")) {
      assertThatCode(() -> session.connect(maxAttemptsRaw(bad)))
          .as("mq.max-delivery-attempts=%s", bad)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(ConfigKeys.MAX_DELIVERY_ATTEMPTS)
          .hasMessageContaining(bad);
    }
  }

  @Test
  @DisplayName("1.5 an attempt limit out of range or too big for a number is a ConfigurationException naming key and value")
  void rule_1_5_outOfRangeAttemptLimitIsRejected() {
    for (String bad : List.of("1001", "2147483648", "99999999999999999999999", "3.0", "0x10", "3 attempts")) {
      assertThatCode(() -> session.connect(maxAttemptsRaw(bad)))
          .as("mq.max-delivery-attempts=%s", bad)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(ConfigKeys.MAX_DELIVERY_ATTEMPTS)
          .hasMessageContaining(bad);
    }
    assertThat(session.connect(maxAttemptsRaw("1000")).queue(session.uniqueName())).isNotNull();
  }

  @Test
  @DisplayName("1.5 a dead-letter queue that gives an invalid queue name is a ConfigurationException at connect")
  void rule_1_5_invalidDeadLetterQueueIsRejectedAtConnect() {
    for (String bad : List.of("dead letters", "{queue}/dlq", "{queue}:dlq", "dlq-\u00e9", "z".repeat(300))) {
      assertThatCode(() -> session.connect(Map.of(ConfigKeys.DEAD_LETTER_QUEUE, bad)))
          .as("mq.dead-letter-queue=%s", bad)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(ConfigKeys.DEAD_LETTER_QUEUE);
    }
    Broker broker = session.connect(Map.of(ConfigKeys.DEAD_LETTER_QUEUE, "{queue}-dlq"));
    MessageQueue q = broker.queue(session.uniqueName());
    q.push(Envelope.of("valid-dead-letter-queue"));
    assertThat(session.receive(q).bodyAsString()).isEqualTo("valid-dead-letter-queue");
  }

  @Test
  @DisplayName("1.5 a malformed value of a provider key is a ConfigurationException naming key and value")
  void rule_1_5_malformedProviderValuesAreRejected() {
    String name = session.connect().provider();
    Map<String, String> malformed = session.malformedProviderValues();
    assumeTrue(!malformed.isEmpty(), "no malformed provider values given (override malformedProviderValues())");
    Set<String> secret = providerNamed(name).map(QueueProvider::secretKeys).orElse(Set.of());
    malformed.forEach((key, value) -> {
      Map<String, String> config = session.providerConfig();
      config.put(key, value);
      Throwable thrown = catchThrowable(() -> session.connectExactly(config));
      assertThat(thrown).as("connect with %s=%s", key, value)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(key);
      if (!secret.contains(key.substring(key.lastIndexOf('.') + 1))) {
        assertThat(thrown.getMessage()).as("message names the value").contains(value);
      }
    });
  }

  @Test
  @DisplayName("1.6 secret values appear in no exception message and no toString")
  void rule_1_6_secretsAreNeverShown() {
    String name = session.connect().provider();
    QueueProvider provider = providerNamed(name).orElse(null);
    assumeTrue(provider != null && !provider.secretKeys().isEmpty(), "provider declares no secret keys");
    String marker = "tck-secret-" + UUID.randomUUID().toString().replace("-", "");
    Map<String, String> withSecrets = session.providerConfig();
    provider.secretKeys().forEach(k -> withSecrets.put(ConfigKeys.PREFIX + name + "." + k, marker));

    List<String> shown = new ArrayList<>();
    Map<String, String> unknownKey = new HashMap<>(withSecrets);
    unknownKey.put(ConfigKeys.PREFIX + name + ".tck-no-such-key", "1");
    shown.add(describe(catchThrowable(() -> session.connectExactly(unknownKey))));
    Map<String, String> malformed = new HashMap<>(withSecrets);
    malformed.put(ConfigKeys.MAX_DELIVERY_ATTEMPTS, "tck-malformed");
    shown.add(describe(catchThrowable(() -> session.connectExactly(malformed))));
    try {
      Broker broker = session.connectExactly(withSecrets);
      shown.add(broker.toString());
      MessageQueue q = broker.queue(session.uniqueName());
      shown.add(q.toString());
      try {
        q.push(Envelope.of("tck"));
        q.dequeue();
        Subscription sub = q.subscribe(e -> { });
        shown.add(sub.toString());
        sub.close();
      } catch (RuntimeException e) {
        shown.add(describe(e)); // a marker is no valid credential; failing is fine, showing it is not
      }
    } catch (RuntimeException e) {
      shown.add(describe(e));
    }
    assertThat(shown).allSatisfy(text -> assertThat(text).doesNotContain(marker));
  }

  private static Map<String, String> maxAttemptsRaw(String value) {
    return Map.of(ConfigKeys.MAX_DELIVERY_ATTEMPTS, value);
  }

  /** Every message and toString of a throwable, its causes and suppressed ones. */
  private static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    ArrayDeque<Throwable> todo = new ArrayDeque<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    if (t != null) {
      todo.add(t);
    }
    while (!todo.isEmpty()) {
      Throwable next = todo.poll();
      if (!seen.add(next)) {
        continue;
      }
      sb.append(next).append('\n');
      if (next.getCause() != null) {
        todo.add(next.getCause());
      }
      todo.addAll(List.of(next.getSuppressed()));
    }
    return sb.toString();
  }
}
