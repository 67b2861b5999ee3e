package dev.mq.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.mq.tck.internal.RuleTests;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Keeps SPEC.md, the rule tests and README.md in step: every rule has a test, or a skipped test
 * that says why the kit does not test it (and the README lists the rule with that reason); every
 * test is named after an existing rule, and the README table lists every test.
 */
class SpecCoverageTest {

  private static final Path SPEC = Path.of("..", "mq-api", "SPEC.md");
  private static final Path README = Path.of("README.md");
  private static final Pattern RULE_IN_SPEC = Pattern.compile("^- \\*\\*(\\d+\\.\\d+)\\*\\*", Pattern.MULTILINE);
  private static final Pattern TEST_NAME = Pattern.compile("rule_(\\d+)_(\\d+)_[A-Za-z0-9]+");
  private static final Pattern TABLE_ROW = Pattern.compile("^\\| (\\d+\\.\\d+) \\| `(\\w+)\\.(rule_\\w+)` \\|",
      Pattern.MULTILINE);

  @Test
  void everyTestIsNamedAfterItsRuleInMethodAndDisplayName() {
    Map<String, String> tests = ruleTests();
    assertThat(tests).hasSizeGreaterThan(60);
    tests.forEach((method, display) -> {
      Matcher m = TEST_NAME.matcher(method);
      assertThat(m.matches()).as("method name %s", method).isTrue();
      assertThat(display).as("display name of %s", method).startsWith(m.group(1) + "." + m.group(2) + " ");
    });
  }

  @Test
  void everySpecRuleIsTestedOrListedAsNotTested() throws IOException {
    Set<String> rules = specRules();
    assertThat(rules).contains("1.1", "3.3", "9.2");
    Set<String> tested = new TreeSet<>();
    Set<String> skippedAsNotTested = new TreeSet<>();
    Map<String, String> reasons = notTestedReasons();
    ruleTests().keySet().forEach(method -> (reasons.containsKey(method) ? skippedAsNotTested : tested).add(ruleOf(method)));
    assertThat(tested).as("rules the tests are named after").isSubsetOf(rules);
    assertThat(skippedAsNotTested).as("rules of the skipped 'not tested' tests").isSubsetOf(rules)
        .doesNotContainAnyElementsOf(tested);
    Set<String> uncovered = new TreeSet<>(rules);
    uncovered.removeAll(tested);
    assertThat(uncovered).as("rules without a test: each needs a skipped 'not tested' test")
        .containsExactlyInAnyOrderElementsOf(skippedAsNotTested);
    assertThat(notTestedInReadme()).as("rules the README lists as not tested, with the reason")
        .containsExactlyInAnyOrderElementsOf(skippedAsNotTested);
  }

  @Test
  void everyNotTestedRuleIsASkippedTestWithItsReason() {
    Map<String, String> reasons = notTestedReasons();
    assertThat(reasons).as("skipped 'not tested' tests").isNotEmpty();
    reasons.forEach((method, reason) -> {
      assertThat(reason).as("reason of %s", method).startsWith(RuleTests.NOT_TESTED);
      assertThat(reason.length() - RuleTests.NOT_TESTED.length()).as("length of the reason of %s", method)
          .isGreaterThan(40);
    });
  }

  @Test
  void readmeTableListsEveryTest() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    Map<String, String> listed = new TreeMap<>();
    Matcher m = TABLE_ROW.matcher(readme);
    while (m.find()) {
      listed.put(m.group(3), m.group(1));
    }
    Map<String, String> expected = new TreeMap<>();
    ruleTests().keySet().forEach(method -> expected.put(method, ruleOf(method)));
    assertThat(listed.keySet()).as("tests in the README table").containsExactlyInAnyOrderElementsOf(expected.keySet());
    assertThat(listed).as("rule numbers in the README table").isEqualTo(expected);
  }

  /** Rule test method name to display name, over every nested area of the kit. */
  private static Map<String, String> ruleTests() {
    Map<String, String> tests = new TreeMap<>();
    for (Class<?> area : MessageQueueTck.class.getDeclaredClasses()) {
      if (!area.isAnnotationPresent(Nested.class)) {
        continue;
      }
      for (Method method : area.getSuperclass().getDeclaredMethods()) {
        if (method.isAnnotationPresent(Test.class)) {
          DisplayName d = method.getAnnotation(DisplayName.class);
          tests.put(method.getName(), d == null ? "" : d.value());
        }
      }
    }
    return tests;
  }

  /** Method name to {@code @Disabled} reason, over every nested area of the kit. */
  private static Map<String, String> notTestedReasons() {
    Map<String, String> reasons = new TreeMap<>();
    for (Class<?> area : MessageQueueTck.class.getDeclaredClasses()) {
      if (!area.isAnnotationPresent(Nested.class)) {
        continue;
      }
      for (Method method : area.getSuperclass().getDeclaredMethods()) {
        Disabled d = method.getAnnotation(Disabled.class);
        if (method.isAnnotationPresent(Test.class) && d != null) {
          reasons.put(method.getName(), d.value());
        }
      }
    }
    return reasons;
  }

  private static String ruleOf(String method) {
    Matcher m = TEST_NAME.matcher(method);
    assertThat(m.matches()).as(method).isTrue();
    return m.group(1) + "." + m.group(2);
  }

  private static Set<String> specRules() throws IOException {
    Set<String> rules = new TreeSet<>();
    Matcher m = RULE_IN_SPEC.matcher(Files.readString(SPEC, StandardCharsets.UTF_8));
    while (m.find()) {
      rules.add(m.group(1));
    }
    return rules;
  }

  /** The rules listed under "Rules not tested by the TCK", before "Tested only in part". */
  private static Set<String> notTestedInReadme() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int start = readme.indexOf("## Rules not tested by the TCK");
    int end = readme.indexOf("Tested only in part", start);
    assertThat(start).as("README section 'Rules not tested by the TCK'").isPositive();
    Set<String> rules = new TreeSet<>();
    Matcher m = RULE_IN_SPEC.matcher(readme.substring(start, end));
    while (m.find()) {
      rules.add(m.group(1));
    }
    return rules;
  }
}
