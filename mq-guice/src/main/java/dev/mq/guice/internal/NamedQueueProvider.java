package dev.mq.guice.internal;

import com.google.inject.Inject;
import com.google.inject.Provider;
import dev.mq.MessageQueue;
import java.util.Objects;

/** Provides the queue of one name from the injector's {@link Connection}. */
public final class NamedQueueProvider implements Provider<MessageQueue> {

  private final String name;
  private Connection connection;

  /**
   * For the queue of that name.
   *
   * @param name the queue name, bound with {@code @Named}
   */
  public NamedQueueProvider(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** Called by Guice when the injector is created. */
  @Inject
  void setConnection(Connection connection) {
    this.connection = connection;
  }

  @Override
  public MessageQueue get() {
    return connection.queue(name);
  }

  @Override
  public String toString() {
    return "NamedQueueProvider[" + name + "]";
  }
}
