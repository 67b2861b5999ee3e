package dev.mq.internal;

import dev.mq.Broker;
import dev.mq.ConfigKeys;
import dev.mq.ConfigurationException;
import dev.mq.ProviderNotFoundException;
import dev.mq.spi.ProviderConfig;
import dev.mq.spi.QueueProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Picks a provider by name, checks the configuration keys and connects. */
public final class ProviderSelection {

  private static final Set<String> COMMON_KEYS =
      Set.of(ConfigKeys.PROVIDER, ConfigKeys.MAX_DELIVERY_ATTEMPTS, ConfigKeys.DEAD_LETTER_QUEUE,
          ConfigKeys.RETRY_INITIAL_DELAY, ConfigKeys.RETRY_MULTIPLIER, ConfigKeys.RETRY_MAX_DELAY);

  private ProviderSelection() {}

  /**
   * Selects, validates and connects.
   *
   * @param config the merged {@code mq.*} configuration
   * @param providers the providers on the class path
   * @return the connected broker of the selected provider
   */
  public static Broker connect(Map<String, String> config, List<QueueProvider> providers) {
    Objects.requireNonNull(config, "config");
    config.forEach((k, v) -> {
      if (k == null || v == null) {
        throw new ConfigurationException("configuration must not contain null keys or values");
      }
    });
    QueueProvider provider = select(config, providers);
    validateKeys(config, provider, providers);
    ProviderConfig providerConfig = new ProviderConfig(provider.name(), config, provider.secretKeys());
    providerConfig.maxDeliveryAttempts(); // fail early on a malformed common value
    return provider.connect(providerConfig);
  }

  /**
   * {@return the provider that {@code mq.provider} names, or the only one present}
   *
   * @param config the merged {@code mq.*} configuration
   * @param providers the providers on the class path
   */
  public static QueueProvider select(Map<String, String> config, List<QueueProvider> providers) {
    Map<String, List<QueueProvider>> byName = new TreeMap<>();
    for (QueueProvider p : providers) {
      byName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p);
    }
    for (Map.Entry<String, List<QueueProvider>> e : byName.entrySet()) {
      if (e.getValue().size() > 1) {
        throw new ProviderNotFoundException("two or more providers are named '" + e.getKey() + "': "
            + e.getValue().stream().map(p -> p.getClass().getName()).toList()
            + "; remove one from the class path");
      }
    }
    String wanted = config.get(ConfigKeys.PROVIDER);
    if (wanted == null || wanted.isBlank()) {
      if (byName.size() == 1) {
        return byName.values().iterator().next().get(0);
      }
      if (byName.isEmpty()) {
        throw new ProviderNotFoundException("no queue provider is on the class path; add one, "
            + "for example mq-provider-inmemory or mq-provider-kinesis");
      }
      throw new ProviderNotFoundException("several queue providers are on the class path "
          + byName.keySet() + "; choose one with " + ConfigKeys.PROVIDER);
    }
    List<QueueProvider> found = byName.get(wanted.trim());
    if (found == null) {
      throw new ProviderNotFoundException(ConfigKeys.PROVIDER + " is '" + wanted
          + "', but the providers on the class path are " + byName.keySet());
    }
    return found.get(0);
  }

  private static void validateKeys(
      Map<String, String> config, QueueProvider selected, List<QueueProvider> providers) {
    Set<String> providerNames = new TreeSet<>();
    providers.forEach(p -> providerNames.add(p.name()));
    String ownPrefix = ConfigKeys.PREFIX + selected.name() + ".";
    for (String key : new TreeSet<>(config.keySet())) {
      if (!key.startsWith(ConfigKeys.PREFIX) || COMMON_KEYS.contains(key)) {
        continue;
      }
      if (key.startsWith(ownPrefix)) {
        if (!selected.configKeys().contains(key.substring(ownPrefix.length()))) {
          throw new ConfigurationException("unknown configuration key " + key + "; the keys of provider '"
              + selected.name() + "' are " + new TreeSet<>(selected.configKeys()).stream()
                  .map(k -> ownPrefix + k).toList());
        }
        continue;
      }
      String rest = key.substring(ConfigKeys.PREFIX.length());
      int dot = rest.indexOf('.');
      if (dot > 0 && providerNames.contains(rest.substring(0, dot))) {
        continue; // another provider's key: config files may hold several providers' settings
      }
      throw new ConfigurationException("unknown configuration key " + key + "; the common keys are "
          + new TreeSet<>(COMMON_KEYS) + " and provider keys start with mq.<provider>. (providers: "
          + providerNames + ")");
    }
  }
}
