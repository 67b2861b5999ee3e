package dev.mq.tck.broken;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs chosen rule tests of a kit with the JUnit Platform Launcher and reports each outcome. */
final class KitRunner {

  /** How one rule test ended. */
  enum Outcome { PASSED, FAILED, SKIPPED }

  /** How one rule test ended, and why it failed. */
  record Result(Outcome outcome, String failure) {}

  /** One rule test to run: the nested area class of MessageQueueTck and the method name. */
  record RuleTest(Class<?> area, String method) {}

  private KitRunner() {}

  /** Runs every rule test of {@code kit}; the result maps method name to outcome. */
  static Map<String, Result> runAll(Class<?> kit) {
    return execute(List.of(selectClass(kit)));
  }

  /** Runs {@code tests} of {@code kit}; the result maps method name to outcome. */
  static Map<String, Result> run(Class<?> kit, List<RuleTest> tests) {
    List<DiscoverySelector> selectors = new ArrayList<>();
    for (RuleTest t : tests) {
      selectors.add(selectNestedMethod(List.of(kit), t.area(), t.method()));
    }
    return execute(selectors);
  }

  private static Map<String, Result> execute(List<DiscoverySelector> selectors) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
    Map<String, Result> outcomes = new TreeMap<>();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request, new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
          Outcome outcome = switch (result.getStatus()) {
            case SUCCESSFUL -> Outcome.PASSED;
            case FAILED -> Outcome.FAILED;
            case ABORTED -> Outcome.SKIPPED;
          };
          outcomes.put(methodName(id), new Result(outcome,
              result.getThrowable().map(t -> String.valueOf(t.getMessage()).strip()).orElse("")));
        }
      }

      @Override
      public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
          outcomes.put(methodName(id), new Result(Outcome.SKIPPED, reason));
        }
      }
    });
    return outcomes;
  }

  private static String methodName(TestIdentifier id) {
    return id.getSource()
        .filter(MethodSource.class::isInstance)
        .map(s -> ((MethodSource) s).getMethodName())
        .orElse(id.getDisplayName());
  }
}
