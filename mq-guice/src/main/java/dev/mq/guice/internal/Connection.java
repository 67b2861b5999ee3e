package dev.mq.guice.internal;

import dev.mq.Broker;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker of one injector and the named queues opened from it. Connects when constructed;
 * {@link #close()} closes the queues, newest first, then the broker.
 */
public final class Connection implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  private final Broker broker;
  private final Map<String, MessageQueue> queues = new LinkedHashMap<>();
  private final Thread shutdownHook;
  private boolean closed;

  /**
   * Connects now.
   *
   * @param config the configuration for {@link MessageQueues#connect(Map)}
   * @param shutdownHook whether to close on JVM shutdown too
   */
  public Connection(Map<String, String> config, boolean shutdownHook) {
    this(config, shutdownHook, UnaryOperator.identity());
  }

  /**
   * Connects now, and holds {@code decorator}'s wrapping of the broker.
   *
   * @param config the configuration for {@link MessageQueues#connect(Map)}
   * @param shutdownHook whether to close on JVM shutdown too
   * @param decorator wraps the connected broker; closing the wrapper closes the broker
   */
  public Connection(Map<String, String> config, boolean shutdownHook,
      UnaryOperator<Broker> decorator) {
    Broker connected = MessageQueues.connect(Objects.requireNonNull(config, "config"));
    try {
      this.broker = Objects.requireNonNull(decorator.apply(connected), "decorated broker");
    } catch (RuntimeException e) {
      connected.close();
      throw e;
    }
    if (shutdownHook) {
      this.shutdownHook = new Thread(this::closeFromHook, "mq-guice-shutdown");
      Runtime.getRuntime().addShutdownHook(this.shutdownHook);
    } else {
      this.shutdownHook = null;
    }
  }

  /** {@return the broker every queue of this injector is opened on} */
  public Broker broker() {
    return broker;
  }

  /**
   * The queue of that name for the broker's default group, opened on first use.
   *
   * @param name the queue name
   * @return the queue, the same instance on every call for that name
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized MessageQueue queue(String name) {
    if (closed) {
      throw new IllegalStateException("the mq-guice connection is closed; queue '" + name
          + "' can no longer be opened");
    }
    return queues.computeIfAbsent(name, broker::queue);
  }

  /** {@return the registered shutdown hook, if any; for tests} */
  public Optional<Thread> shutdownHook() {
    return Optional.ofNullable(shutdownHook);
  }

  /** {@return true once {@link #close()} ran} */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** Closes every queue opened here, newest first, then the broker. Idempotent. */
  @Override
  public void close() {
    if (!closeQuietly()) {
      return;
    }
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is shutting down already; the hook finds everything closed.
      }
    }
  }

  private void closeFromHook() {
    closeQuietly();
  }

  /** Returns false when already closed. */
  private boolean closeQuietly() {
    List<MessageQueue> toClose;
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
      toClose = new ArrayList<>(queues.values());
      queues.clear();
    }
    for (int i = toClose.size() - 1; i >= 0; i--) {
      MessageQueue q = toClose.get(i);
      try {
        q.close();
      } catch (RuntimeException e) {
        log.warn("closing queue {} failed", q.name(), e);
      }
    }
    try {
      broker.close();
    } catch (RuntimeException e) {
      log.warn("closing the {} broker failed", broker.provider(), e);
    }
    return true;
  }
}
