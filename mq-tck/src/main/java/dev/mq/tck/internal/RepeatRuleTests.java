package dev.mq.tck.internal;

import dev.mq.tck.TckRepeat;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * Runs each rule test {@link TckRepeat#fromEnvironment()} times: after the first run it closes the
 * test's session, opens a fresh one and calls the test method again, and so on. A failure, also
 * one found when a session closes, says which repetition failed. A test skipped on its first run
 * (a capability it does not declare) is skipped once.
 */
public final class RepeatRuleTests implements InvocationInterceptor {

  /** Used by JUnit, through {@code @ExtendWith} on {@link RuleTests}. */
  public RepeatRuleTests() {}

  @Override
  public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
      ExtensionContext extensionContext) throws Throwable {
    int times = TckRepeat.fromEnvironment();
    if (times == 1) {
      invocation.proceed();
      return;
    }
    RuleTests test = (RuleTests) context.getTarget().orElseThrow();
    Method method = context.getExecutable();
    method.setAccessible(true);
    run(1, times, invocation::proceed);
    for (int i = 2; i <= times; i++) {
      int repetition = i;
      run(i, times, () -> {
        try {
          test.closeTckSession(); // the previous repetition's session: its thread failures count for it
        } catch (Throwable t) {
          throw fail(repetition - 1, times, t);
        }
        test.openTckSession();
        try {
          method.invoke(test, context.getArguments().toArray());
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      });
    }
  }

  /** One repetition; what it throws is labelled with its number. */
  private static void run(int repetition, int times, Step step) throws Throwable {
    try {
      step.run();
    } catch (TestAbortedException | RepetitionFailure e) {
      throw e; // a skip is a skip, whichever repetition; a labelled failure is labelled already
    } catch (Throwable t) {
      throw fail(repetition, times, t);
    }
  }

  private static RepetitionFailure fail(int repetition, int times, Throwable cause) {
    return new RepetitionFailure("repetition " + repetition + " of " + times + " failed: " + cause.getMessage(), cause);
  }

  /** A failure labelled with its repetition. */
  private static final class RepetitionFailure extends AssertionError {
    RepetitionFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Throwable;
  }
}
