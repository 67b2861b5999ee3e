package dev.mq.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Collects the verdict of every rule test of a kit run and prints them as a table, one row per
 * test in rule order: passed, failed with the message, or skipped with the reason.
 */
public final class TckResults implements TestExecutionListener {

  /** A test's verdict. */
  public enum Verdict {
    /** The test ran and passed. */
    PASSED,
    /** The test failed, or its container failed before it ran. */
    FAILED,
    /** The test was skipped, or aborted by an unmet assumption. */
    SKIPPED
  }

  /**
   * One test's row.
   *
   * @param rule the rule number, e.g. {@code 3.3}
   * @param name the test's display name without the rule number
   * @param verdict passed, failed or skipped
   * @param detail the failure message or skip reason; empty when passed
   */
  public record Row(String rule, String name, Verdict verdict, String detail) {}

  private final List<Row> rows = new ArrayList<>();
  private TestPlan plan;

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
  }

  @Override
  public synchronized void executionSkipped(TestIdentifier id, String reason) {
    if (id.isTest()) {
      rows.add(row(id, Verdict.SKIPPED, reason));
    } else {
      plan.getDescendants(id).stream().filter(TestIdentifier::isTest)
          .forEach(t -> rows.add(row(t, Verdict.SKIPPED, reason)));
    }
  }

  @Override
  public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
    Optional<Throwable> t = result.getThrowable();
    String message = t.map(x -> x.getMessage() == null ? x.getClass().getName() : x.getMessage()).orElse("");
    if (id.isTest()) {
      Verdict v = switch (result.getStatus()) {
        case SUCCESSFUL -> Verdict.PASSED;
        case ABORTED -> Verdict.SKIPPED;
        case FAILED -> Verdict.FAILED;
      };
      rows.add(row(id, v, message));
    } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
      // a container that failed (e.g. in @BeforeAll) fails every test it did not run
      rows.add(new Row("-", id.getDisplayName(), Verdict.FAILED, message));
    }
  }

  /** {@return every row, in rule order} */
  public synchronized List<Row> rows() {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing((Row r) -> ruleKey(r.rule())).thenComparing(Row::name));
    return sorted;
  }

  /**
   * {@return how many rows have this verdict}
   *
   * @param v the verdict to count
   */
  public long count(Verdict v) {
    return rows().stream().filter(r -> r.verdict() == v).count();
  }

  /**
   * Prints the table and a summary line.
   *
   * @param out where to print
   */
  public void print(PrintWriter out) {
    out.printf("%-6s %-8s %s%n", "rule", "result", "test");
    for (Row r : rows()) {
      out.printf("%-6s %-8s %s%n", r.rule(), r.verdict(), r.name());
      if (!r.detail().isEmpty()) {
        out.println("                " + firstLine(r.detail()));
      }
    }
    out.println(count(Verdict.PASSED) + " passed, " + count(Verdict.FAILED) + " failed, "
        + count(Verdict.SKIPPED) + " skipped");
  }

  /**
   * {@return the rule number a test's display name starts with ({@code 3.3 ...}), or {@code -}}
   *
   * @param displayName the test's display name
   */
  public static String ruleOf(String displayName) {
    int space = displayName.indexOf(' ');
    String first = space < 0 ? displayName : displayName.substring(0, space);
    return first.matches("\\d+\\.\\d+") ? first : "-";
  }

  private static Row row(TestIdentifier id, Verdict v, String detail) {
    String name = id.getDisplayName();
    String rule = ruleOf(name);
    String rest = rule.equals("-") ? name : name.substring(rule.length()).trim();
    return new Row(rule, rest, v, detail == null ? "" : detail);
  }

  private static String firstLine(String s) {
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 297) + "..." : line;
  }

  /** Sorts 3.10 after 3.9. */
  private static String ruleKey(String rule) {
    if (rule.equals("-")) {
      return "~";
    }
    String[] p = rule.split("\\.");
    return String.format("%04d.%04d", Integer.parseInt(p[0]), Integer.parseInt(p[1]));
  }
}
