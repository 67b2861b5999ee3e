package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rule tests that count their runs, for {@link RepeatRuleTestsTest}; named {@code *Probe} so that
 * surefire does not run them by themselves.
 */
class RepeatProbe extends RuleTests {

  static final List<TckSession> SESSIONS = new CopyOnWriteArrayList<>();
  static final AtomicInteger FAILING_RUNS = new AtomicInteger();
  static final AtomicInteger SKIPPED_RUNS = new AtomicInteger();

  RepeatProbe() {
    super(TckSessionTest.fixture());
  }

  @Test
  void counts() {
    SESSIONS.add(session);
  }

  @Test
  void failsOnThirdRun() {
    if (FAILING_RUNS.incrementAndGet() == 3) {
      fail("the third run broke");
    }
  }

  @Test
  void skipped() {
    SKIPPED_RUNS.incrementAndGet();
    assumeTrue(false, "provider does not declare NOTHING");
  }
}
