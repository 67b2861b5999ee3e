package dev.mq.examples;

import java.io.PrintStream;

/**
 * What a pipeline run did. It is complete when every pushed order was processed or
 * dead-lettered exactly once and no customer's order was broken.
 *
 * @param pushed orders pushed
 * @param processed distinct orders processed
 * @param redeliveries deliveries with an attempt above 1
 * @param deadLettered distinct orders that reached the dead-letter queue
 * @param duplicates orders processed more than once
 * @param orderViolations deliveries that broke a customer's order
 * @param expectedPoison orders that are poison by construction
 */
public record PipelineSummary(int pushed, int processed, int redeliveries, int deadLettered,
    int duplicates, int orderViolations, int expectedPoison) {

  /** {@return true when nothing is unaccounted for} */
  public boolean complete() {
    return processed + deadLettered == pushed
        && deadLettered == expectedPoison
        && duplicates == 0
        && orderViolations == 0;
  }

  /**
   * Prints the summary table.
   *
   * @param out where to print
   */
  public void print(PrintStream out) {
    out.println("Summary");
    out.printf("  pushed            %6d%n", pushed);
    out.printf("  processed         %6d%n", processed);
    out.printf("  redeliveries      %6d%n", redeliveries);
    out.printf("  dead-lettered     %6d (expected %d poison orders)%n", deadLettered, expectedPoison);
    out.printf("  duplicates        %6d%n", duplicates);
    out.printf("  order violations  %6d%n", orderViolations);
    out.printf("  unaccounted       %6d%n", pushed - processed - deadLettered);
    out.println(complete() ? "OK: every order is accounted for" : "FAILED: orders are unaccounted for");
  }
}
