package dev.mq.cli.internal;

import dev.mq.Broker;
import dev.mq.ConfigKeys;
import dev.mq.ConfigurationException;
import dev.mq.MessageQueues;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a broker takes: where the configuration comes from, and
 * {@code --verbose}. The configuration is what {@link MessageQueues#connect()} reads (system
 * properties {@code mq.*}, then {@code MQ_*} variables, then {@code mq.properties} on the class
 * path), overridden by {@code --config FILE}, overridden by {@code -D key=value}.
 */
public final class GlobalOptions {

  /** Prefix of the keys {@code mq tck} reads from the configuration (not the broker's). */
  public static final String TCK_PREFIX = "mqtck.";

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file with mq.* keys; overrides system properties, MQ_* variables and mq.properties.")
  Path configFile;

  @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = "One configuration key (repeatable); overrides --config.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--verbose", description = "Print the stack trace of an error.")
  boolean verbose;

  /** Whether stack traces are wanted. */
  boolean verbose() {
    return verbose;
  }

  /** The configuration map, merged as the class comment says. */
  Map<String, String> config() {
    Map<String, String> merged = new HashMap<>(MessageQueues.defaultConfig());
    if (configFile != null) {
      merged.putAll(readFile(configFile));
    }
    overrides.forEach((k, v) -> {
      checkKey(k, "-D " + k);
      merged.put(k, v);
    });
    return merged;
  }

  /** The merged configuration without the {@code mqtck.} keys, as a broker is given it. */
  Map<String, String> brokerConfig() {
    Map<String, String> c = config();
    c.keySet().removeIf(k -> k.startsWith(TCK_PREFIX));
    return c;
  }

  /** Connects with {@link #brokerConfig()}. */
  Broker connect(Session session) {
    return session.connector().apply(brokerConfig());
  }

  private static Map<String, String> readFile(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException("cannot read --config " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> out = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      checkKey(k, k + " in " + file);
      out.put(k, p.getProperty(k));
    }
    return out;
  }

  /** Keys outside mq. would be ignored by connect: a typo there must not pass silently. */
  private static void checkKey(String key, String where) {
    if (!key.startsWith(ConfigKeys.PREFIX) && !key.startsWith(TCK_PREFIX)) {
      throw new ConfigurationException("unknown configuration key " + where
          + ": keys start with " + ConfigKeys.PREFIX + " (or " + TCK_PREFIX + " for mq tck)");
    }
  }
}
