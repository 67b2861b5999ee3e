package dev.mq.spi;

import dev.mq.ConfigKeys;
import dev.mq.ConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Typed read access to the flat configuration map, for one provider. Getters take a key relative
 * to the provider's namespace ({@code "region"} means {@code mq.<provider>.region}); the common
 * keys have getters of their own. Malformed values fail with a {@link ConfigurationException}
 * naming the key and the value (the value is masked for secret keys). Part of the provider support
 * layer: {@link #malformed} and {@link #malformedValue} give a provider's own checks the same
 * message, and {@link #deadLetterQueue(String, Predicate, String)} checks the dead-letter template.
 *
 * <p>Over 350 lines because it is the one parser of configuration values for every provider: the
 * typed getters share the number and duration parsing, the range checks and the masking of secret
 * values in their messages, which split apart would drift.
 */
public final class ProviderConfig {

  /** Longest retry delay {@code mq.retry.*} accepts. */
  private static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);

  private final String provider;
  private final Map<String, String> values;
  private final Set<String> secretKeys;

  /**
   * @param provider the provider's name
   * @param values the whole flat configuration map
   * @param secretKeys the provider's secret keys, relative to its namespace
   */
  public ProviderConfig(String provider, Map<String, String> values, Set<String> secretKeys) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.values = Map.copyOf(values);
    this.secretKeys = Set.copyOf(secretKeys);
  }

  /**
   * {@return a configuration with no secret keys; handy in tests}
   *
   * @param provider the provider's name, the namespace of its keys
   * @param values the full configuration, keys with their {@code mq.} prefix
   */
  public static ProviderConfig of(String provider, Map<String, String> values) {
    return new ProviderConfig(provider, values, Set.of());
  }

  /** {@return the provider's name} */
  public String provider() {
    return provider;
  }

  /**
   * {@return the full key of a key relative to the namespace: {@code mq.<provider>.<key>}}
   *
   * @param key a key relative to the namespace, such as {@code region}
   */
  public String fullKey(String key) {
    return ConfigKeys.PREFIX + provider + "." + key;
  }

  /**
   * {@return the raw value, if set}
   *
   * @param key a key relative to the namespace
   */
  public Optional<String> string(String key) {
    return Optional.ofNullable(values.get(fullKey(key))).map(String::trim);
  }

  /**
   * {@return the value, or {@code defaultValue}}
   *
   * @param key a key relative to the namespace
   * @param defaultValue the value when the key is not set
   */
  public String string(String key, String defaultValue) {
    return string(key).orElse(defaultValue);
  }

  /**
   * {@return an integer in {@code [min, max]}, or {@code defaultValue}}
   *
   * @param key a key relative to the namespace
   * @param defaultValue the value when the key is not set
   * @param min the least value allowed
   * @param max the greatest value allowed
   * @throws ConfigurationException if the value is not an integer in range
   */
  public int intValue(String key, int defaultValue, int min, int max) {
    return (int) parseLong(fullKey(key), string(key), defaultValue, min, max);
  }

  /**
   * {@return a long in {@code [min, max]}, or {@code defaultValue}}
   *
   * @param key a key relative to the namespace
   * @param defaultValue the value when the key is not set
   * @param min the least value allowed
   * @param max the greatest value allowed
   * @throws ConfigurationException if the value is not a number in range
   */
  public long longValue(String key, long defaultValue, long min, long max) {
    return parseLong(fullKey(key), string(key), defaultValue, min, max);
  }

  /**
   * {@return {@code true} or {@code false} (any case), or {@code defaultValue}}
   *
   * @param key a key relative to the namespace
   * @param defaultValue the value when the key is not set
   * @throws ConfigurationException if the value is neither true nor false
   */
  public boolean booleanValue(String key, boolean defaultValue) {
    Optional<String> raw = string(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    String v = raw.get().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw malformedFullKey(fullKey(key), raw.get(), "true or false");
  }

  /**
   * {@return a duration in {@code [min, max]}, or {@code defaultValue}} Accepted forms: a number
   * with a unit {@code ms}, {@code s}, {@code m} or {@code h} ({@code 500ms}, {@code 2s}), or
   * ISO-8601 ({@code PT2S}).
   *
   * @param key a key relative to the namespace
   * @param defaultValue the value when the key is not set
   * @param min the shortest duration allowed
   * @param max the longest duration allowed
   * @throws ConfigurationException if the value is not a duration in range
   */
  public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
    Optional<String> raw = string(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    Duration d = parseDuration(fullKey(key), raw.get());
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw malformedFullKey(fullKey(key), raw.get(), "a duration from " + min + " to " + max);
    }
    return d;
  }

  /**
   * {@return one of the enum's constants, by name in any case with {@code -} for {@code _}}
   *
   * @param <E> the enum type
   * @param key a key relative to the namespace
   * @param type the enum's class
   * @param defaultValue the value when the key is not set
   * @throws ConfigurationException if the value names no constant
   */
  public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
    Optional<String> raw = string(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    String wanted = raw.get().replace('-', '_').toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(wanted)) {
        return e;
      }
    }
    throw malformedFullKey(fullKey(key), raw.get(), "one of " + Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .collect(Collectors.joining(", ")));
  }

  /** {@return {@code mq.max-delivery-attempts}: 1..1000, default 3} */
  public int maxDeliveryAttempts() {
    return (int) parseLong(ConfigKeys.MAX_DELIVERY_ATTEMPTS,
        Optional.ofNullable(values.get(ConfigKeys.MAX_DELIVERY_ATTEMPTS)).map(String::trim),
        ConfigKeys.DEFAULT_MAX_DELIVERY_ATTEMPTS, 1, 1000);
  }

  /**
   * {@return {@code mq.retry.initial-delay} (0..1h, default 1s), {@code mq.retry.multiplier}
   * (1..100, default 2) and {@code mq.retry.max-delay} (0..1h, at least the initial delay; default
   * 10s, or the initial delay when that is longer)}
   *
   * @throws ConfigurationException naming the key and value that is malformed or out of range
   */
  public RetryPolicy retryPolicy() {
    RetryPolicy d = RetryPolicy.DEFAULT;
    Duration initial = commonDuration(ConfigKeys.RETRY_INITIAL_DELAY, d.initialDelay());
    // unset, the largest delay is never below the first one
    Duration max = commonDuration(ConfigKeys.RETRY_MAX_DELAY,
        d.maxDelay().compareTo(initial) < 0 ? initial : d.maxDelay());
    if (max.compareTo(initial) < 0) {
      throw malformedFullKey(ConfigKeys.RETRY_MAX_DELAY, values.get(ConfigKeys.RETRY_MAX_DELAY),
          "a duration of at least " + ConfigKeys.RETRY_INITIAL_DELAY + " (" + initial + ")");
    }
    double multiplier = d.multiplier();
    String raw = values.get(ConfigKeys.RETRY_MULTIPLIER);
    if (raw != null) {
      try {
        multiplier = Double.parseDouble(raw.trim());
      } catch (NumberFormatException e) {
        multiplier = Double.NaN;
      }
      if (!(multiplier >= 1.0 && multiplier <= 100.0)) {
        throw malformedFullKey(ConfigKeys.RETRY_MULTIPLIER, raw, "a number from 1 to 100");
      }
    }
    return new RetryPolicy(initial, multiplier, max);
  }

  private Duration commonDuration(String fullKey, Duration defaultValue) {
    String raw = values.get(fullKey);
    if (raw == null) {
      return defaultValue;
    }
    Duration d = parseDuration(fullKey, raw);
    if (d.isNegative() || d.compareTo(MAX_RETRY_DELAY) > 0) {
      throw malformedFullKey(fullKey, raw, "a duration from 0ms to " + MAX_RETRY_DELAY);
    }
    return d;
  }

  /**
   * {@return {@code mq.dead-letter-queue} resolved for {@code sourceQueue}, unless it is that
   * queue; checked against the portable name rule ({@link Names#isValid(String)})}
   *
   * @param sourceQueue the queue whose dead letters it names
   * @throws ConfigurationException if the template gives an invalid queue name for it
   */
  public Optional<String> deadLetterQueue(String sourceQueue) {
    return deadLetterQueue(sourceQueue, Names::isValid, Names.RULE);
  }

  /**
   * {@return {@code mq.dead-letter-queue} resolved for {@code sourceQueue}, unless it is that
   * queue, and checked with the provider's own name rule} Part of the provider support layer: call
   * it once at connect for a short queue name (such as {@code "q"}), so that a template that cannot
   * give a valid name fails there and not at the first reject (SPEC 1.5), and again in
   * {@code queue(...)} for the queue at hand.
   *
   * @param isValidQueueName the provider's check of a queue name
   * @param rule the rule in words, for the message
   * @param sourceQueue the queue whose dead letters it names
   * @throws ConfigurationException naming the key, the name it gives and the rule, when that name
   *     is invalid
   */
  public Optional<String> deadLetterQueue(String sourceQueue, Predicate<String> isValidQueueName,
      String rule) {
    String template = values.get(ConfigKeys.DEAD_LETTER_QUEUE);
    if (template == null || template.isBlank()) {
      return Optional.empty();
    }
    String name = template.trim().replace("{queue}", sourceQueue);
    if (name.equals(sourceQueue)) {
      return Optional.empty();
    }
    if (!isValidQueueName.test(name)) {
      throw new ConfigurationException("configuration key " + ConfigKeys.DEAD_LETTER_QUEUE
          + " gives the invalid queue name '" + name + "' for queue '" + sourceQueue
          + "'; expected a queue name of " + rule);
    }
    return Optional.of(name);
  }

  /**
   * The common keys and the provider's own keys, secret values masked; safe to log. Keys of other
   * providers' namespaces are left out: this provider cannot know which of them are secret.
   */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    String own = ConfigKeys.PREFIX + provider + ".";
    values.forEach((k, v) -> {
      boolean common = k.startsWith(ConfigKeys.PREFIX) && k.indexOf('.', ConfigKeys.PREFIX.length()) < 0;
      if (common || k.startsWith(own)) {
        shown.put(k, isSecret(k) ? "****" : v);
      }
    });
    return "ProviderConfig[" + provider + ", " + shown + "]";
  }

  private boolean isSecret(String fullKey) {
    String prefix = ConfigKeys.PREFIX + provider + ".";
    return fullKey.startsWith(prefix) && secretKeys.contains(fullKey.substring(prefix.length()));
  }

  private long parseLong(String fullKey, Optional<String> raw, long def, long min, long max) {
    if (raw.isEmpty()) {
      return def;
    }
    long v;
    try {
      v = Long.parseLong(raw.get().replace("_", ""));
    } catch (NumberFormatException e) {
      throw malformedFullKey(fullKey, raw.get(), "a whole number from " + min + " to " + max);
    }
    if (v < min || v > max) {
      throw malformedFullKey(fullKey, raw.get(), "a whole number from " + min + " to " + max);
    }
    return v;
  }

  private Duration parseDuration(String fullKey, String raw) {
    String v = raw.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
      switch (v.charAt(v.length() - 1)) {
        case 's': return Duration.ofSeconds(n);
        case 'm': return Duration.ofMinutes(n);
        case 'h': return Duration.ofHours(n);
        default: break;
      }
    } catch (RuntimeException e) {
      // falls through to the error below
    }
    throw malformedFullKey(fullKey, raw, "a duration such as 500ms, 2s, 5m, 1h or PT2S");
  }

  /**
   * {@return the error for a malformed value of the provider's key {@code key} (relative to its
   * namespace), in the words of SPEC 1.5: it names the full key and the value, masked when the key
   * is secret} Part of the provider support layer, for the checks a provider makes itself.
   *
   * @param expected what the value should look like, such as "an http:// or https:// URL"
   * @param key a key relative to the namespace
   * @param value the malformed value
   */
  public ConfigurationException malformed(String key, String value, String expected) {
    return malformedFullKey(fullKey(key), value, expected);
  }

  /**
   * {@return the error for a malformed value of {@code fullKey}, for callers without a
   * {@code ProviderConfig}: "configuration key K has the malformed value 'V'; expected E"} Never
   * pass a secret value; {@link #malformed(String, String, String)} masks those.
   *
   * @param fullKey the full key, with its {@code mq.} prefix
   * @param value the malformed value; never a secret
   * @param expected what the value should look like
   */
  public static ConfigurationException malformedValue(String fullKey, String value, String expected) {
    return new ConfigurationException("configuration key " + fullKey + " has the malformed value '"
        + value + "'; expected " + expected);
  }

  private ConfigurationException malformedFullKey(String fullKey, String raw, String expected) {
    if (isSecret(fullKey)) {
      return new ConfigurationException(
          "configuration key " + fullKey + " has the malformed value ****; expected " + expected);
    }
    return malformedValue(fullKey, raw, expected);
  }
}
