package dev.mq.observability;

import java.util.List;
import java.util.Objects;

/**
 * The result of one health check of a broker.
 *
 * @param healthy true when nothing is wrong
 * @param problems what is wrong, one sentence each; empty when healthy
 */
public record BrokerHealth(boolean healthy, List<String> problems) {

  /**
   * Checks and copies; {@code healthy} must agree with {@code problems}.
   *
   * @param healthy true when nothing is wrong
   * @param problems what is wrong, one sentence each; empty when healthy
   */
  public BrokerHealth {
    problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
    if (healthy != problems.isEmpty()) {
      throw new IllegalArgumentException("healthy must be true exactly when there is no problem");
    }
  }

  /**
   * {@return a health with these problems: healthy when there is none}
   *
   * @param problems what is wrong, one sentence each; may be empty
   */
  public static BrokerHealth of(List<String> problems) {
    return new BrokerHealth(problems.isEmpty(), problems);
  }
}
