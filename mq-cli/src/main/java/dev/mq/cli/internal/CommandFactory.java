package dev.mq.cli.internal;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Builds commands, handing the {@link Session} to those whose constructor takes one. */
public final class CommandFactory implements CommandLine.IFactory {

  private final Session session;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  /**
   * For this session.
   *
   * @param session handed to every command whose constructor takes one
   */
  public CommandFactory(Session session) {
    this.session = session;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Session.class) {
        c.setAccessible(true);
        return type.cast(c.newInstance(session));
      }
    }
    return fallback.create(type);
  }
}
