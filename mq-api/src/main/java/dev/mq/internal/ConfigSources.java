package dev.mq.internal;

import dev.mq.ConfigKeys;
import dev.mq.ConfigurationException;
import dev.mq.spi.QueueProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/** Merges the configuration sources of {@link dev.mq.MessageQueues#connect()}. */
public final class ConfigSources {

  /** Name of the optional properties file at the class-path root. */
  public static final String PROPERTIES_FILE = "mq.properties";

  private ConfigSources() {}

  /**
   * mq.properties, overridden by environment variables, overridden by system properties.
   *
   * @param providers the providers on the class path; their names decide how {@code MQ_*}
   *     variables map to keys
   * @return the merged {@code mq.*} entries
   */
  public static Map<String, String> merged(List<QueueProvider> providers) {
    Set<String> names = providers.stream().map(QueueProvider::name).collect(Collectors.toSet());
    Map<String, String> merged = new HashMap<>(classpathFile(ConfigSources.class.getClassLoader()));
    merged.putAll(fromEnvironment(System.getenv(), names));
    merged.putAll(fromProperties(System.getProperties()));
    return merged;
  }

  /**
   * {@return the {@code mq.*} entries of a properties object}
   *
   * @param properties the properties to read, for example the system properties
   */
  public static Map<String, String> fromProperties(Properties properties) {
    Map<String, String> out = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith(ConfigKeys.PREFIX)) {
        out.put(name, properties.getProperty(name));
      }
    }
    return out;
  }

  /**
   * Maps {@code MQ_*} variables to keys: {@code MQ_A_B} is {@code mq.a-b}, unless {@code A} is
   * a provider name, in which case {@code MQ_A_B_C} is {@code mq.a.b-c}.
   *
   * @param env the environment variables
   * @param providerNames the names of the providers present
   * @return the keys and values of the {@code MQ_*} variables
   */
  public static Map<String, String> fromEnvironment(Map<String, String> env, Set<String> providerNames) {
    Map<String, String> out = new HashMap<>();
    env.forEach((name, value) -> {
      if (!name.startsWith("MQ_") || name.length() == 3) {
        return;
      }
      String[] parts = name.substring(3).toLowerCase(Locale.ROOT).split("_");
      String key;
      if (parts.length > 1 && providerNames.contains(parts[0])) {
        key = ConfigKeys.PREFIX + parts[0] + "." + String.join("-", List.of(parts).subList(1, parts.length));
      } else {
        key = ConfigKeys.PREFIX + String.join("-", parts);
      }
      out.put(key, value);
    });
    return out;
  }

  /**
   * {@return the {@code mq.*} entries of {@value #PROPERTIES_FILE} on the class path, if present}
   *
   * @param loader the class loader whose class-path root holds the file
   */
  public static Map<String, String> classpathFile(ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(PROPERTIES_FILE)) {
      if (in == null) {
        return Map.of();
      }
      Properties p = new Properties();
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      return fromProperties(p);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException("cannot read " + PROPERTIES_FILE + " from the class path: " + e.getMessage(), e);
    }
  }
}
