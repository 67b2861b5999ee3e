package dev.mq.guice;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import dev.mq.guice.internal.Connection;

/**
 * Closes what {@link MqModule} opened: every bound queue that was injected, then the broker.
 * Bound as a singleton; inject it where the application shuts down and call {@link #close()}.
 * Closing is idempotent and thread-safe; afterwards the queues and the broker throw
 * {@link IllegalStateException}.
 */
@Singleton
public final class MqLifecycle implements AutoCloseable {

  private final Connection connection;

  @Inject
  MqLifecycle(Connection connection) {
    this.connection = connection;
  }

  /** {@return true once {@link #close()} ran (or the shutdown hook did)} */
  public boolean isClosed() {
    return connection.isClosed();
  }

  /** Closes the bound queues, newest first, then the broker. Idempotent. */
  @Override
  public void close() {
    connection.close();
  }
}
