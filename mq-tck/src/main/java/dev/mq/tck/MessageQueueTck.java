package dev.mq.tck;

import dev.mq.Broker;
import dev.mq.MessageQueues;
import dev.mq.tck.internal.AcknowledgeRules;
import dev.mq.tck.internal.ConfigurationRules;
import dev.mq.tck.internal.DequeueRules;
import dev.mq.tck.internal.GroupRules;
import dev.mq.tck.internal.LifecycleRules;
import dev.mq.tck.internal.OrderingRules;
import dev.mq.tck.internal.PushRules;
import dev.mq.tck.internal.RejectRules;
import dev.mq.tck.internal.SubscribeRules;
import dev.mq.tck.internal.TckFixture;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The technology compatibility kit: every rule of the queue contract ({@code SPEC.md}) as a JUnit
 * test, named after the rule ({@code rule_3_3_...}) and grouped by area. A provider's whole test
 * is a subclass:
 *
 * <pre>{@code
 * class MyBrokerTckTest extends MessageQueueTck {
 *   @Override
 *   protected Map<String, String> providerConfig() {
 *     return Map.of("mq.provider", "mybroker", "mq.mybroker.endpoint", "http://127.0.0.1:4567");
 *   }
 * }
 * }</pre>
 *
 * <p>Tests of a capability ({@link dev.mq.Capability}) that the broker does not declare in
 * {@link Broker#capabilities()} are skipped with the reason. Every test uses queues with fresh
 * names and closes every broker it opens. No test assumes that a pushed message is available at
 * once: waits are bounded by {@link TckTimeouts}, which a slow broker can scale with the
 * environment variable {@value TckTimeouts#FACTOR_ENV}.
 *
 * <p>Four rule tests put the provider under load (volume, twenty queues, churn of instances,
 * restarts under load); {@link #volumeMessages()} and {@link #restartLoadMessages()} size them. The
 * environment variable {@value TckRepeat#REPEAT_ENV} reruns every rule test, see {@link TckRepeat}.
 *
 * <p>The kit adds the common keys {@code mq.max-delivery-attempts} and
 * {@code mq.dead-letter-queue} (as {@code {queue}-dlq}) itself where a test needs them, so
 * {@link #providerConfig()} should not set them.
 */
public abstract class MessageQueueTck {

  /** Default of {@link #maxMessageSize()}: 1 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 1_048_576;
  /** Room left for message id and provider overhead in the "large body" test. */
  public static final int LARGE_BODY_HEADROOM = 4096;

  /** Default of {@link #volumeMessages()}. */
  public static final int DEFAULT_VOLUME_MESSAGES = 5_000;
  /** Default of {@link #restartLoadMessages()}. */
  public static final int DEFAULT_RESTART_LOAD_MESSAGES = 10_000;

  private static final String NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TckFixture fixture = new Fixture();

  /** For subclasses. */
  protected MessageQueueTck() {}

  /**
   * {@return the provider's configuration: {@code mq.provider} and the provider's own keys
   * (endpoint, region, credentials...)} Called once per connect; return a fresh or unmodifiable
   * map.
   */
  protected abstract Map<String, String> providerConfig();

  /**
   * Connects to the broker with exactly {@code config} (the provider configuration plus the keys a
   * test adds). Override to connect in a way {@link MessageQueues} cannot, for example to wrap the
   * broker. Defaults to {@link MessageQueues#connect(Map)}.
   *
   * @param config the provider configuration plus the keys a test adds
   * @return a connected broker
   */
  protected Broker connect(Map<String, String> config) {
    return MessageQueues.connect(config);
  }

  /**
   * Restarts the broker, for providers that declare {@link dev.mq.Capability#DURABLE}. The kit
   * calls it after closing every client of the durable test and connects anew afterwards. The
   * default does nothing: closing and reconnecting the client is then the restart, which suits a
   * provider whose state lives in an external broker the test cannot restart.
   *
   * @throws Exception when the broker cannot be restarted; the test fails with it
   */
  protected void restartBroker() throws Exception {
    // closing and reconnecting the client is the restart
  }

  /**
   * {@return the provider's documented largest message, in bytes, as it counts them; default
   * {@value #DEFAULT_MAX_MESSAGE_SIZE}}
   */
  protected int maxMessageSize() {
    return DEFAULT_MAX_MESSAGE_SIZE;
  }

  /**
   * {@return a body size the provider must accept with a short message id, no properties and no
   * key; default {@link #maxMessageSize()} minus {@value #LARGE_BODY_HEADROOM} bytes for the
   * provider's own overhead}
   */
  protected int largeBodySize() {
    return maxMessageSize() - LARGE_BODY_HEADROOM;
  }

  /**
   * {@return a body size the provider must refuse with {@link dev.mq.MessageTooLargeException};
   * default {@link #maxMessageSize()} plus one}
   */
  protected int tooLargeBodySize() {
    return maxMessageSize() + 1;
  }

  /**
   * {@return keys of the provider's own namespace with malformed values (for example
   * {@code mq.mybroker.port=eighty}); rule 1.5 checks that connecting with each one fails with a
   * {@link dev.mq.ConfigurationException} naming the key and the value} Default: none, and that
   * test is skipped.
   */
  protected Map<String, String> malformedProviderValues() {
    return Map.of();
  }

  /**
   * {@return messages the volume test of rule 3.6 sends through ten producers and ten consumers;
   * default {@value #DEFAULT_VOLUME_MESSAGES}} Lower it only for a broker too slow for the default
   * within the kit's waits, and say so where the provider documents its TCK run.
   */
  protected int volumeMessages() {
    return DEFAULT_VOLUME_MESSAGES;
  }

  /**
   * {@return messages the restart-under-load test of rule 3.8 pushes and consumes across two
   * restarts of a {@code DURABLE} broker; default {@value #DEFAULT_RESTART_LOAD_MESSAGES}} Lower it
   * only for a broker too slow for the default, and say so where the provider documents its TCK
   * run.
   */
  protected int restartLoadMessages() {
    return DEFAULT_RESTART_LOAD_MESSAGES;
  }

  /** {@return the kit's waits; default {@link TckTimeouts#fromEnvironment()}} */
  protected TckTimeouts timeouts() {
    return TckTimeouts.fromEnvironment();
  }

  /**
   * {@return a fresh name for a queue or consumer group: {@code tck-} and ten characters of
   * {@code [a-z0-9]}, which is valid for Kinesis streams and most brokers} Override for a broker
   * with stricter names.
   */
  protected String uniqueName() {
    StringBuilder sb = new StringBuilder("tck-");
    for (int i = 0; i < 10; i++) {
      sb.append(NAME_ALPHABET.charAt(RANDOM.nextInt(NAME_ALPHABET.length())));
    }
    return sb.toString();
  }

  /** Rules 1.x: provider selection and configuration. */
  @Nested
  @DisplayName("1. configuration")
  public class Configuration extends ConfigurationRules {
    Configuration() {
      super(fixture);
    }
  }

  /** Rules 2.x: push. */
  @Nested
  @DisplayName("2. push")
  public class Push extends PushRules {
    Push() {
      super(fixture);
    }
  }

  /** Rules 3.x: dequeue. */
  @Nested
  @DisplayName("3. dequeue")
  public class Dequeue extends DequeueRules {
    Dequeue() {
      super(fixture);
    }
  }

  /** Rules 4.x: acknowledge. */
  @Nested
  @DisplayName("4. acknowledge")
  public class Acknowledge extends AcknowledgeRules {
    Acknowledge() {
      super(fixture);
    }
  }

  /** Rules 5.x: reject. */
  @Nested
  @DisplayName("5. reject")
  public class Reject extends RejectRules {
    Reject() {
      super(fixture);
    }
  }

  /** Rules 6.x: subscribe. */
  @Nested
  @DisplayName("6. subscribe")
  public class Subscribe extends SubscribeRules {
    Subscribe() {
      super(fixture);
    }
  }

  /** Rules 7.x: ordering by key. */
  @Nested
  @DisplayName("7. ordering")
  public class Ordering extends OrderingRules {
    Ordering() {
      super(fixture);
    }
  }

  /** Rules 8.x: lifecycle. */
  @Nested
  @DisplayName("8. lifecycle")
  public class Lifecycle extends LifecycleRules {
    Lifecycle() {
      super(fixture);
    }
  }

  /** Rules 9.x: capabilities and consumer groups. */
  @Nested
  @DisplayName("9. capabilities and groups")
  public class Groups extends GroupRules {
    Groups() {
      super(fixture);
    }
  }

  /** Gives the rule tests the subclass's hooks. */
  private final class Fixture implements TckFixture {
    @Override
    public Map<String, String> providerConfig() {
      return MessageQueueTck.this.providerConfig();
    }

    @Override
    public Broker connect(Map<String, String> config) {
      return MessageQueueTck.this.connect(config);
    }

    @Override
    public void restartBroker() throws Exception {
      MessageQueueTck.this.restartBroker();
    }

    @Override
    public int largeBodySize() {
      return MessageQueueTck.this.largeBodySize();
    }

    @Override
    public int tooLargeBodySize() {
      return MessageQueueTck.this.tooLargeBodySize();
    }

    @Override
    public Map<String, String> malformedProviderValues() {
      return MessageQueueTck.this.malformedProviderValues();
    }

    @Override
    public int volumeMessages() {
      return MessageQueueTck.this.volumeMessages();
    }

    @Override
    public int restartLoadMessages() {
      return MessageQueueTck.this.restartLoadMessages();
    }

    @Override
    public TckTimeouts timeouts() {
      return MessageQueueTck.this.timeouts();
    }

    @Override
    public String uniqueName() {
      return MessageQueueTck.this.uniqueName();
    }
  }
}
