package dev.mq.observability.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.MessageQueue;
import dev.mq.observability.Observability;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decorators delegate every public method of {@link MessageQueue} and {@link Broker}, the
 * default methods included, to the same method of the provider's object, so a provider's own
 * {@code pushAsync} or batch {@code dequeue} is never replaced by the interface's default. A
 * method added to the contract fails here until the decorator delegates it.
 */
class DelegationTest {

  static Stream<Method> queueMethods() {
    return contract(MessageQueue.class);
  }

  static Stream<Method> brokerMethods() {
    return contract(Broker.class);
  }

  @ParameterizedTest
  @MethodSource("queueMethods")
  void theQueueDecoratorOverridesAndDelegates(Method m) throws Exception {
    assertThat(declares(InstrumentedQueue.class, m))
        .as("InstrumentedQueue overrides %s", m).isTrue();
    RecordingDelegate recording = new RecordingDelegate();
    MessageQueue decorated = Observability.builder().build()
        .instrument(recording.broker()).queue("q");
    recording.calls.clear();
    m.invoke(decorated, arguments(m));
    assertThat(recording.calls).as("the delegate's calls for %s", m).containsExactly(m);
  }

  @ParameterizedTest
  @MethodSource("brokerMethods")
  void theBrokerDecoratorOverridesAndDelegates(Method m) throws Exception {
    assertThat(declares(InstrumentedBroker.class, m))
        .as("InstrumentedBroker overrides %s", m).isTrue();
    RecordingDelegate recording = new RecordingDelegate();
    Broker decorated = Observability.builder().build().instrument(recording.broker());
    recording.calls.clear();
    m.invoke(decorated, arguments(m));
    assertThat(recording.calls).as("the delegate's calls for %s", m).first().isEqualTo(m);
  }

  private static Stream<Method> contract(Class<?> type) {
    return Arrays.stream(type.getMethods())
        .filter(m -> !Modifier.isStatic(m.getModifiers()))
        .filter(m -> m.getDeclaringClass() != Object.class);
  }

  private static boolean declares(Class<?> c, Method m) {
    try {
      c.getDeclaredMethod(m.getName(), m.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static Object[] arguments(Method m) {
    List<Object> args = Arrays.stream(m.getParameterTypes()).map(RecordingDelegate::argumentOf).toList();
    return args.toArray();
  }
}
