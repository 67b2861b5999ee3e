package dev.mq.cli.internal;

import dev.mq.ConfigKeys;
import dev.mq.spi.QueueProvider;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Masks secret configuration values before anything is printed: the keys every provider on the
 * class path declares in {@link QueueProvider#secretKeys()}, and, since a provider that is not on
 * the class path cannot say which of its keys are secret, any key whose name sounds secret.
 */
final class Secrets {

  /** What a secret value is shown as. */
  static final String MASK = "****";

  private static final List<String> SECRET_WORDS =
      List.of("secret", "password", "token", "credential", "private-key", "session");

  private final Set<String> secretKeys = new HashSet<>();

  /** The secret keys of these providers. */
  Secrets(List<QueueProvider> providers) {
    for (QueueProvider p : providers) {
      p.secretKeys().forEach(k -> secretKeys.add(ConfigKeys.PREFIX + p.name() + "." + k));
    }
  }

  /** Whether the value of {@code key} must not be shown. */
  boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return secretKeys.contains(key) || SECRET_WORDS.stream().anyMatch(lower::contains);
  }

  /** The value to show for {@code key}. */
  String show(String key, String value) {
    return isSecret(key) ? MASK : value;
  }

  /** A sorted copy with every secret value masked. */
  Map<String, String> masked(Map<String, String> config) {
    Map<String, String> out = new TreeMap<>();
    config.forEach((k, v) -> out.put(k, show(k, v)));
    return out;
  }
}
