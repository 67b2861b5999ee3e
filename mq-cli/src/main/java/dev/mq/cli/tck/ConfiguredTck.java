package dev.mq.cli.tck;

import dev.mq.ConfigKeys;
import dev.mq.tck.MessageQueueTck;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The kit against the broker a configuration map describes: what {@code mq tck} runs through the
 * JUnit Platform launcher. The {@code mq.*} keys are the provider configuration; keys under
 * {@value #PREFIX} set the kit's hooks:
 *
 * <ul>
 *   <li>{@code mqtck.max-message-size}: {@link #maxMessageSize()} in bytes;
 *   <li>{@code mqtck.volume-messages}, {@code mqtck.restart-load-messages}: the load tests' sizes;
 *   <li>{@code mqtck.malformed.<key>=<value>}: {@link #malformedProviderValues()}, e.g.
 *       {@code mqtck.malformed.mq.kinesis.shards=zero}.
 * </ul>
 *
 * <p>JUnit builds the class with its no-argument constructor, so the configuration is handed over
 * in a static field by {@link #use(Map)} before the launcher runs; one run at a time.
 */
public class ConfiguredTck extends MessageQueueTck {

  /** Prefix of the kit's own keys. */
  public static final String PREFIX = "mqtck.";
  /** Prefix of the malformed provider values of rule 1.5. */
  public static final String MALFORMED_PREFIX = PREFIX + "malformed.";

  private static volatile Map<String, String> config = Map.of();

  /** For JUnit. */
  public ConfiguredTck() {}

  /** Sets the configuration of the next run. */
  public static void use(Map<String, String> configuration) {
    config = Map.copyOf(Objects.requireNonNull(configuration, "configuration"));
  }

  @Override
  protected Map<String, String> providerConfig() {
    Map<String, String> c = new HashMap<>();
    config.forEach((k, v) -> {
      // the kit sets these two itself where a test needs them
      if (k.startsWith(ConfigKeys.PREFIX) && !k.equals(ConfigKeys.MAX_DELIVERY_ATTEMPTS)
          && !k.equals(ConfigKeys.DEAD_LETTER_QUEUE)) {
        c.put(k, v);
      }
    });
    return c;
  }

  @Override
  protected int maxMessageSize() {
    return number("max-message-size", super.maxMessageSize());
  }

  @Override
  protected int volumeMessages() {
    return number("volume-messages", super.volumeMessages());
  }

  @Override
  protected int restartLoadMessages() {
    return number("restart-load-messages", super.restartLoadMessages());
  }

  @Override
  protected Map<String, String> malformedProviderValues() {
    Map<String, String> m = new HashMap<>();
    config.forEach((k, v) -> {
      if (k.startsWith(MALFORMED_PREFIX)) {
        m.put(k.substring(MALFORMED_PREFIX.length()), v);
      }
    });
    return m;
  }

  private static int number(String key, int defaultValue) {
    String raw = config.get(PREFIX + key);
    return raw == null ? defaultValue : Integer.parseInt(raw.trim());
  }
}
