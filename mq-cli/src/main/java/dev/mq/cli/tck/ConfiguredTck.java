package dev.mq.cli.tck;

import dev.mq.ConfigKeys;
import dev.mq.ConfigurationException;
import dev.mq.tck.MessageQueueTck;
import dev.mq.tck.TckTimeouts;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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

  private static final Set<String> NUMBERS =
      Set.of("max-message-size", "volume-messages", "restart-load-messages");

  private static volatile Map<String, String> config = Map.of();

  /** For JUnit. */
  public ConfiguredTck() {}

  /**
   * Sets the configuration of the next run.
   *
   * @param configuration the provider configuration plus the kit's own keys
   * @throws ConfigurationException for an unknown {@value #PREFIX} key or a number that is not a
   *     whole number from 1 up, so that a typo fails the run instead of being ignored
   */
  public static void use(Map<String, String> configuration) {
    check(configuration);
    config = Map.copyOf(Objects.requireNonNull(configuration, "configuration"));
  }

  private static void check(Map<String, String> configuration) {
    configuration.forEach((k, v) -> {
      if (!k.startsWith(PREFIX) || k.startsWith(MALFORMED_PREFIX) || k.equals(TckTimeouts.FACTOR_PROPERTY)) {
        return;
      }
      String name = k.substring(PREFIX.length());
      if (!NUMBERS.contains(name)) {
        throw new ConfigurationException("unknown configuration key " + k + "; the kit's keys are "
            + PREFIX + NUMBERS.stream().sorted().toList() + ", " + TckTimeouts.FACTOR_PROPERTY
            + " and " + MALFORMED_PREFIX + "<key>");
      }
      try {
        if (Integer.parseInt(v.trim()) >= 1) {
          return;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new ConfigurationException(k + " must be a whole number from 1 up, but is '" + v + "'");
    });
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
