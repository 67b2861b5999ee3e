package dev.mq.observability.internal;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageHandler;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link MessageQueue} or {@link Broker} made with {@link Proxy} that records every method
 * called on it, default methods included (a proxy intercepts those too), and answers with
 * harmless values. It shows which method of the delegate a decorator called.
 */
final class RecordingDelegate {

  final List<Method> calls = new ArrayList<>();
  /** The last handler given to subscribe, so that a test can run it. */
  volatile MessageHandler handler;
  /** Thrown by every call whose name is here. */
  final List<String> failing = new ArrayList<>();
  RuntimeException failure;

  MessageQueue queue() {
    return (MessageQueue) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {MessageQueue.class}, (p, m, args) -> answer(m, args));
  }

  Broker broker() {
    return (Broker) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Broker.class}, (p, m, args) -> answer(m, args));
  }

  private synchronized Object answer(Method m, Object[] args) {
    if (m.getDeclaringClass() == Object.class) {
      return switch (m.getName()) {
        case "hashCode" -> System.identityHashCode(this);
        case "equals" -> args[0] == this;
        default -> "RecordingDelegate";
      };
    }
    calls.add(m);
    if (failing.contains(m.getName())) {
      throw failure;
    }
    if (args != null && args.length > 0 && args[0] instanceof MessageHandler h) {
      handler = h;
    }
    Class<?> t = m.getReturnType();
    if (t == String.class) {
      return "q";
    } else if (t == Optional.class) {
      return Optional.empty();
    } else if (t == List.class) {
      return List.of();
    } else if (t == Set.class) {
      return Set.of();
    } else if (t == CompletableFuture.class) {
      return CompletableFuture.completedFuture(null);
    } else if (t == MessageQueue.class) {
      return queue();
    } else if (t == Subscription.class) {
      return new Subscription() {
        @Override
        public boolean isActive() {
          return true;
        }

        @Override
        public void close() {}
      };
    }
    return null;
  }

  /** A harmless argument of each type the contract's methods take. */
  static Object argumentOf(Class<?> type) {
    if (type == Envelope.class) {
      return Envelope.of("x");
    } else if (type == List.class) {
      return List.of(Envelope.of("x"));
    } else if (type == Duration.class) {
      return Duration.ZERO;
    } else if (type == int.class) {
      return 1;
    } else if (type == boolean.class) {
      return true;
    } else if (type == String.class) {
      return "q";
    } else if (type == MessageHandler.class) {
      return (MessageHandler) e -> { };
    } else if (type == SubscriptionOptions.class) {
      return SubscriptionOptions.defaults();
    }
    throw new AssertionError("no test argument of type " + type
        + ": teach RecordingDelegate.argumentOf about it");
  }
}
