package dev.mq;

import dev.mq.internal.ConfigSources;
import dev.mq.internal.ProviderSelection;
import dev.mq.spi.QueueProvider;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The entry point: finds providers with {@link ServiceLoader}, picks one by configuration and
 * connects.
 *
 * <p>{@link #connect()} reads configuration from these sources, highest precedence first:
 * <ol>
 *   <li>Java system properties whose names start with {@code mq.};
 *   <li>environment variables whose names start with {@code MQ_}: {@code MQ_MAX_DELIVERY_ATTEMPTS}
 *       is {@code mq.max-delivery-attempts}, and {@code MQ_KINESIS_ACCESS_KEY_ID} is
 *       {@code mq.kinesis.access-key-id} (the segment after {@code MQ_} is a provider namespace
 *       when it names a provider; the other underscores become dashes);
 *   <li>an {@code mq.properties} file at the root of the class path, when there is one.
 * </ol>
 * {@link #connect(Map)} uses exactly the map it is given and nothing else.
 */
public final class MessageQueues {

  private MessageQueues() {}

  /**
   * Connects with configuration merged from system properties, environment and mq.properties.
   *
   * @return a broker of the selected provider; close it when done
   */
  public static Broker connect() {
    List<QueueProvider> providers = load();
    return ProviderSelection.connect(ConfigSources.merged(providers), providers);
  }

  /**
   * Connects with exactly this configuration.
   *
   * @param config the configuration: {@code mq.*} keys and their values
   * @return a broker of the selected provider; close it when done
   */
  public static Broker connect(Map<String, String> config) {
    return ProviderSelection.connect(config, load());
  }

  /**
   * {@return the configuration {@link #connect()} would use; copy it, change it and pass it to
   * {@link #connect(Map)} to override single keys in code}
   */
  public static Map<String, String> defaultConfig() {
    return ConfigSources.merged(load());
  }

  /** {@return the names of the providers on the class path, sorted} */
  public static List<String> providers() {
    return load().stream().map(QueueProvider::name).sorted().toList();
  }

  private static List<QueueProvider> load() {
    return ServiceLoader.load(QueueProvider.class, MessageQueues.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }
}
