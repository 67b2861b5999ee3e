package dev.mq.cli.internal;

import dev.mq.ConfigKeys;
import dev.mq.spi.QueueProvider;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code mq providers}: the providers on the class path and the configuration in effect. */
@Command(name = "providers", mixinStandardHelpOptions = true,
    description = "List the providers on the class path, their capabilities and configuration keys, "
        + "and the configuration in effect (secret values masked).")
public final class ProvidersCommand extends BrokerCommand {

  ProvidersCommand(Session session) {
    super(session);
  }

  /** The providers {@link java.util.ServiceLoader} finds, sorted by name. */
  static List<QueueProvider> onClassPath() {
    return ServiceLoader.load(QueueProvider.class, ProvidersCommand.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparing(QueueProvider::name))
        .toList();
  }

  @Override
  public Integer call() {
    PrintWriter out = session.out();
    List<QueueProvider> providers = onClassPath();
    Secrets secrets = new Secrets(providers);
    if (providers.isEmpty()) {
      out.println("no provider on the class path");
    }
    for (QueueProvider p : providers) {
      out.println(p.name());
      out.println("  capabilities: " + p.capabilities().stream().map(Enum::name).sorted()
          .collect(Collectors.joining(", ")));
      String prefix = ConfigKeys.PREFIX + p.name() + ".";
      out.println("  keys: " + new TreeSet<>(p.configKeys()).stream()
          .map(k -> prefix + k + (p.secretKeys().contains(k) ? " (secret)" : ""))
          .collect(Collectors.joining(", ")));
    }
    out.println("common keys: " + String.join(", ", ConfigKeys.PROVIDER,
        ConfigKeys.MAX_DELIVERY_ATTEMPTS, ConfigKeys.DEAD_LETTER_QUEUE,
        ConfigKeys.RETRY_INITIAL_DELAY, ConfigKeys.RETRY_MULTIPLIER, ConfigKeys.RETRY_MAX_DELAY));
    Map<String, String> config = secrets.masked(options.config());
    out.println("configuration in effect:" + (config.isEmpty() ? " (none)" : ""));
    config.forEach((k, v) -> out.println("  " + k + "=" + v));
    return ExitCodes.OK;
  }
}
