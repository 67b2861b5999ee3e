package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mq.tck.TckRepeat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The repeat mode reruns each rule test with a fresh session and names the failing repetition. */
class RepeatRuleTestsTest {

  private String saved;

  @BeforeEach
  void reset() {
    // the environment variable would override the property these tests set
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(TckRepeat.REPEAT_ENV) == null,
        TckRepeat.REPEAT_ENV + " is set");
    saved = System.getProperty(TckRepeat.REPEAT_PROPERTY);
    RepeatProbe.SESSIONS.clear();
    RepeatProbe.FAILING_RUNS.set(0);
    RepeatProbe.SKIPPED_RUNS.set(0);
  }

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(TckRepeat.REPEAT_PROPERTY);
    } else {
      System.setProperty(TckRepeat.REPEAT_PROPERTY, saved);
    }
  }

  @Test
  void eachTestRunsNTimesWithAFreshSessionAndAFailureNamesItsRepetition() {
    Map<String, String> outcomes = runProbe("4");
    assertThat(outcomes.get("counts")).isEqualTo("SUCCESSFUL");
    assertThat(RepeatProbe.SESSIONS).hasSize(4).doesNotHaveDuplicates();
    assertThat(outcomes.get("failsOnThirdRun")).isEqualTo("FAILED repetition 3 of 4 failed: the third run broke");
    assertThat(RepeatProbe.FAILING_RUNS).hasValue(3);
    assertThat(outcomes.get("skipped")).startsWith("ABORTED").contains("does not declare NOTHING");
    assertThat(RepeatProbe.SKIPPED_RUNS).hasValue(1);
  }

  @Test
  void withoutTheSettingEachTestRunsOnce() {
    Map<String, String> outcomes = runProbe(null);
    assertThat(outcomes.get("counts")).isEqualTo("SUCCESSFUL");
    assertThat(RepeatProbe.SESSIONS).hasSize(1);
    assertThat(outcomes.get("failsOnThirdRun")).isEqualTo("SUCCESSFUL");
  }

  @Test
  void aMalformedCountFailsEveryTestSayingWhy() {
    Map<String, String> outcomes = runProbe("lots");
    assertThat(outcomes.get("counts"))
        .isEqualTo("FAILED mqtck.repeat must be a whole number from 1 to 1000, but is 'lots'");
    assertThat(RepeatProbe.SESSIONS).isEmpty();
  }

  @Test
  void countIsBoundedAndTheLargerSettingWins() {
    assertThat(TckRepeat.count(null, null)).isEqualTo(1);
    assertThat(TckRepeat.count(" ", "")).isEqualTo(1);
    assertThat(TckRepeat.count("5", null)).isEqualTo(5);
    assertThat(TckRepeat.count("3", " 7 ")).isEqualTo(7);
    assertThat(TckRepeat.count("1000", "1")).isEqualTo(1000);
    for (String bad : new String[] {"0", "-1", "1001", "2.5", "ten", "99999999999"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> TckRepeat.count(bad, null))
          .as("MQTCK_REPEAT=%s", bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("MQTCK_REPEAT must be a whole number from 1 to 1000, but is '" + bad + "'");
    }
  }

  /** Runs the probe with {@code mqtck.repeat} set to {@code repeat}: method name to status and message. */
  private static Map<String, String> runProbe(String repeat) {
    if (repeat == null) {
      System.clearProperty(TckRepeat.REPEAT_PROPERTY);
    } else {
      System.setProperty(TckRepeat.REPEAT_PROPERTY, repeat);
    }
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(RepeatProbe.class)).build();
    Map<String, String> outcomes = new TreeMap<>();
    LauncherFactory.create().execute(request, new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
          String method = ((MethodSource) id.getSource().orElseThrow()).getMethodName();
          outcomes.put(method, result.getStatus() + result.getThrowable().map(t -> " " + t.getMessage()).orElse(""));
        }
      }
    });
    return outcomes;
  }
}
