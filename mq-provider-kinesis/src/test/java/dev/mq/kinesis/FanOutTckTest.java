package dev.mq.kinesis;

import dev.mq.tck.TckTimeouts;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole contract kit with enhanced fan-out ({@code mq.kinesis.retrieval=fan-out}) against a
 * kinesis-local of its own that persists its streams and consumers, so that the DURABLE rules
 * restart the emulator itself; checkpoints go to a file store.
 *
 * <p>Tagged {@code slow} (about 6.5 minutes: kinesis-local sends a subscription's events once a
 * second, so every delivery of a fresh message waits for the next one) and run with
 * {@code -Dkinesis.slow.excluded=}; the default run keeps the fan-out tests of
 * {@code FanOutTest} and {@code FanOutReshardingTest}, and the kit over polling, whose dispatching,
 * settling and checkpointing fan-out shares.
 */
@Tag("slow")
@ExtendWith(FanOutTckTest.SkipEmulatorRestartRules.class)
class FanOutTckTest extends KinesisLocalTck {

  /**
   * Skips the two rules that restart the emulator (3.8, 4.5), with this reason: after serving
   * SubscribeToShard, kinesis-local 0.6.2 did not finish its graceful stop within 15 s even with
   * every client connection cut (tried through a TCP proxy), so the stop ended in a KILL and the
   * emulator lost its streams (seen in two runs on a quiet machine). That is the emulator's
   * persistence, not the provider: durability does not depend on the retrieval mode (the same
   * checkpoint store and stream), KinesisTckTest runs both rules with polling, and FanOutTest
   * resumes a fan-out group from its checkpoint in a new broker.
   */
  static final class SkipEmulatorRestartRules implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      boolean restarts = context.getTestMethod().map(m -> m.getName().startsWith("rule_3_8_")
          || m.getName().startsWith("rule_4_5_")).orElse(false);
      return restarts
          ? ConditionEvaluationResult.disabled("kinesis-local loses its streams when stopped after "
              + "serving SubscribeToShard (its graceful stop does not end); see FanOutTckTest")
          : ConditionEvaluationResult.enabled("does not restart the emulator");
    }
  }

  @Override
  protected Map<String, String> providerConfig() {
    Map<String, String> config = emulatorConfig();
    config.put("mq.kinesis.retrieval", "fan-out");
    config.put("mq.kinesis.checkpoint-dir", dir.resolve("checkpoints").toString());
    config.put("mq.kinesis.read-backoff-max", "1s");
    return config;
  }

  @Override
  protected Map<String, String> malformedProviderValues() {
    return Map.of(
        "mq.kinesis.retrieval", "push",
        "mq.kinesis.fan-out-subscription-lifetime", "forever",
        "mq.kinesis.shards", "zero",
        "mq.kinesis.initial-position", "yesterday",
        "mq.kinesis.endpoint", "ftp://127.0.0.1");
  }

  /**
   * At least twice the kit's waits: kinesis-local pushes subscription events once a second, and
   * after a restart of the emulator the first subscription also opens a new HTTP/2 connection,
   * which on a busy machine came close to the kit's 10 s.
   */
  @Override
  protected TckTimeouts timeouts() {
    return TckTimeouts.withFactor(Math.max(2, TckTimeouts.fromEnvironment().factor()));
  }
}
