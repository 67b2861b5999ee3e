package dev.mq.tck.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.tck.MessageQueueTck.Acknowledge;
import dev.mq.tck.MessageQueueTck.Configuration;
import dev.mq.tck.MessageQueueTck.Dequeue;
import dev.mq.tck.MessageQueueTck.Groups;
import dev.mq.tck.MessageQueueTck.Lifecycle;
import dev.mq.tck.MessageQueueTck.Ordering;
import dev.mq.tck.MessageQueueTck.Push;
import dev.mq.tck.MessageQueueTck.Reject;
import dev.mq.tck.MessageQueueTck.Subscribe;
import dev.mq.tck.broken.KitRunner.Outcome;
import dev.mq.tck.broken.KitRunner.Result;
import dev.mq.tck.broken.KitRunner.RuleTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit tests itself: each deliberately broken provider must fail the rule tests that cover
 * what it breaks. A rule test that passes here could not catch that defect.
 */
class BrokenProvidersTest {

  /** Set -Dmq.tck.print-failures=true to see why each broken provider failed each rule test. */
  private static final boolean PRINT_FAILURES = Boolean.getBoolean("mq.tck.print-failures");

  @Test
  @DisplayName("losing a message on reject fails 5.1, 5.2, 6.2 and 7.3")
  void losesMessageOnReject() {
    assertFail(LosesMessageOnRejectKit.class,
        t(Reject.class, "rule_5_1_rejectDefaultsToRequeue"),
        t(Reject.class, "rule_5_2_requeueRaisesAttemptAndKeepsContent"),
        t(Ordering.class, "rule_7_3_rejectedMessageComesBackFirst"),
        t(Subscribe.class, "rule_6_2_throwingHandlerRequeuesAndSubscriptionContinues"));
  }

  @Test
  @DisplayName("redelivering after acknowledge fails 4.1, 4.2, 4.4 and 6.1")
  void redeliversAfterAck() {
    assertFail(RedeliversAfterAckKit.class,
        t(Acknowledge.class, "rule_4_1_acknowledgedMessageIsNotDeliveredAgain"),
        t(Acknowledge.class, "rule_4_2_doubleAcknowledgeIsHarmless"),
        t(Acknowledge.class, "rule_4_4_reverseOrderAcknowledgements"),
        t(Subscribe.class, "rule_6_1_subscriptionDeliversAndAcknowledges"));
  }

  @Test
  @DisplayName("not holding back a key's next message fails 7.2 and 7.5")
  void ignoresKeyOrder() {
    assertFail(IgnoresKeyOrderKit.class,
        t(Ordering.class, "rule_7_2_nextMessageOfKeyIsHeldBack"),
        t(Ordering.class, "rule_7_2_heldKeyIsHeldForOtherInstances"),
        t(Ordering.class, "rule_7_5_orderAcrossManyKeysAtConcurrency"));
  }

  @Test
  @DisplayName("a reject without requeue that never settles fails 5.3 and 7.2")
  void finalRejectKeepsKey() {
    assertFail(FinalRejectKeepsKeyKit.class,
        t(Reject.class, "rule_5_3_rejectWithoutRequeueIsFinal"),
        t(Ordering.class, "rule_7_2_keyIsFreedByFinalReject"));
  }

  @Test
  @DisplayName("giving messages back at the end of the queue on close fails 7.1")
  void requeuesToBackOnClose() {
    assertFail(RequeuesToBackOnCloseKit.class, t(Ordering.class, "rule_7_1_orderHoldsAfterHolderCloses"));
  }

  @Test
  @DisplayName("reordering a batch fails 7.1 (pushAll)")
  void reordersBatch() {
    assertFail(ReordersBatchKit.class, t(Ordering.class, "rule_7_1_sameKeyInPushAllOrder"));
  }

  @Test
  @DisplayName("ignoring the attempt limit fails 5.4, 5.5 and 6.2")
  void ignoresAttemptLimit() {
    assertFail(IgnoresAttemptLimitKit.class,
        t(Reject.class, "rule_5_4_attemptLimitEndsRedelivery"),
        t(Reject.class, "rule_5_4_defaultAttemptLimitIsThree"),
        t(Reject.class, "rule_5_5_attemptLimitDeadLetters"),
        t(Subscribe.class, "rule_6_2_attemptLimitAppliesToThrowingHandler"));
  }

  @Test
  @DisplayName("handing one message to two consumers fails 3.4, 3.6 and 3.9")
  void deliversToEveryInstance() {
    assertFail(DeliversToEveryInstanceKit.class,
        t(Dequeue.class, "rule_3_4_heldMessageIsNotDeliveredToAnotherInstance"),
        t(Dequeue.class, "rule_3_6_concurrentProducersAndConsumersLoseNothing"),
        t(Dequeue.class, "rule_3_9_competingInstancesShareMessages"));
  }

  @Test
  @DisplayName("dropping properties fails 2.3, 3.5 and 5.2")
  void dropsProperties() {
    assertFail(DropsPropertiesKit.class,
        t(Push.class, "rule_2_3_propertiesAreDeliveredExactly"),
        t(Dequeue.class, "rule_3_5_firstDeliveryCarriesEverything"),
        t(Reject.class, "rule_5_2_requeueRaisesAttemptAndKeepsContent"));
  }

  @Test
  @DisplayName("not raising the attempt fails 5.1, 5.2, 5.4 and 2.7")
  void frozenAttempt() {
    assertFail(FrozenAttemptKit.class,
        t(Reject.class, "rule_5_1_rejectDefaultsToRequeue"),
        t(Reject.class, "rule_5_2_requeueRaisesAttemptAndKeepsContent"),
        t(Reject.class, "rule_5_4_attemptLimitEndsRedelivery"),
        t(Push.class, "rule_2_7_messageIdSurvivesDeliveryAndRedelivery"));
  }

  @Test
  @DisplayName("declaring DEAD_LETTER without dead-lettering fails 5.5")
  void noDeadLetter() {
    assertFail(NoDeadLetterKit.class,
        t(Reject.class, "rule_5_5_rejectWithoutRequeueDeadLetters"),
        t(Reject.class, "rule_5_5_attemptLimitDeadLetters"),
        t(Reject.class, "rule_5_5_deadLetterWithoutKeyOrReason"));
  }

  @Test
  @DisplayName("declaring DURABLE without durability fails 3.8 and 4.5")
  void claimsDurability() {
    assertFail(ClaimsDurabilityKit.class,
        t(Dequeue.class, "rule_3_8_messagesSurviveRestart"),
        t(Acknowledge.class, "rule_4_5_acknowledgementSurvivesRestart"));
  }

  @Test
  @DisplayName("swallowing push failures fails 2.4, 2.5, 8.2 and 8.4")
  void swallowsPushFailures() {
    assertFail(SwallowsPushFailuresKit.class,
        t(Push.class, "rule_2_4_pushNullThrowsNullPointerException"),
        t(Push.class, "rule_2_4_pushAllWithNullsThrowsAndWritesNothing"),
        t(Push.class, "rule_2_5_tooLargeMessageIsRefused"),
        t(Push.class, "rule_2_5_batchWithTooLargeMemberWritesNothing"),
        t(Lifecycle.class, "rule_8_2_everyOperationOnClosedQueueThrows"),
        t(Lifecycle.class, "rule_8_4_badInputFailsOnlyThatCall"));
  }

  @Test
  @DisplayName("silently accepting a foreign envelope fails 4.3 and 8.4")
  void acceptsForeignEnvelopes() {
    assertFail(AcceptsForeignEnvelopesKit.class,
        t(Acknowledge.class, "rule_4_3_undeliveredEnvelopeIsIllegalArgument"),
        t(Acknowledge.class, "rule_4_3_forgedDeliveryTagIsIllegalArgument"),
        t(Acknowledge.class, "rule_4_3_envelopeOfAnotherQueueIsIllegalArgument"),
        t(Acknowledge.class, "rule_4_3_envelopeOfAnotherInstanceIsIllegalArgument"),
        t(Acknowledge.class, "rule_4_3_envelopeOfAnotherBrokerIsIllegalArgument"),
        t(Lifecycle.class, "rule_8_4_badInputFailsOnlyThatCall"));
  }

  @Test
  @DisplayName("settling by message id instead of by delivery fails 4.2 (settled delivery)")
  void settlesByMessageId() {
    assertFail(SettlesByMessageIdKit.class, t(Acknowledge.class, "rule_4_2_settledDeliveryIsNotSettledAgain"));
  }

  @Test
  @DisplayName("a closed broker that still hands out queues fails 8.2 (closed broker)")
  void closedBrokerStillWorks() {
    assertFail(ClosedBrokerStillWorksKit.class, t(Lifecycle.class, "rule_8_2_closedBrokerRefusesQueues"));
  }

  @Test
  @DisplayName("quietly fixing invalid names fails 8.5 (invalid names)")
  void acceptsAnyName() {
    assertFail(AcceptsAnyNameKit.class, t(Lifecycle.class, "rule_8_5_invalidNamesAreRefused"));
  }

  @Test
  @DisplayName("refusing portable names over 32 characters fails 8.5 (portable names)")
  void shortNamesOnly() {
    assertFail(ShortNamesOnlyKit.class, t(Lifecycle.class, "rule_8_5_portableNamesAreAccepted"));
  }

  @Test
  @DisplayName("limits below EnvelopeLimits fail 2.9 (delivered exactly)")
  void lowerEnvelopeLimits() {
    assertFail(LowerEnvelopeLimitsKit.class, t(Push.class, "rule_2_9_envelopeAtEveryLimitIsDeliveredExactly"));
  }

  @Test
  @DisplayName("a dead letter that keeps a huge reason and is refused fails 2.9 and 5.5")
  void keepsWholeReason() {
    assertFail(KeepsWholeReasonKit.class,
        t(Push.class, "rule_2_9_envelopeAtEveryLimitCanBeDeadLettered"),
        t(Reject.class, "rule_5_5_largeMessageWithHugeReasonIsDeadLettered"));
  }

  @Test
  @DisplayName("leaving configuration typos to later fails 1.5 (attempt range, dead-letter queue)")
  void configTyposIgnored() {
    assertFail(ConfigTyposIgnoredKit.class,
        t(Configuration.class, "rule_1_5_outOfRangeAttemptLimitIsRejected"),
        t(Configuration.class, "rule_1_5_invalidDeadLetterQueueIsRejectedAtConnect"));
  }

  @Test
  @DisplayName("a close that is not idempotent fails 8.1")
  void closeNotIdempotent() {
    assertFail(CloseNotIdempotentKit.class,
        t(Lifecycle.class, "rule_8_1_closeIsIdempotent"),
        t(Lifecycle.class, "rule_8_1_concurrentCloseIsHarmless"));
  }

  @Test
  @DisplayName("a subscription that stops on a handler error fails 6.2")
  void stopsOnHandlerError() {
    assertFail(StopsOnHandlerErrorKit.class,
        t(Subscribe.class, "rule_6_2_throwingHandlerRequeuesAndSubscriptionContinues"),
        t(Subscribe.class, "rule_6_2_attemptLimitAppliesToThrowingHandler"));
  }

  @Test
  @DisplayName("a subscription close that does not wait for running handlers fails 6.4")
  void abandonsHandlersOnClose() {
    assertFail(AbandonsHandlersOnCloseKit.class, t(Subscribe.class, "rule_6_4_closeWaitsForRunningHandler"));
  }

  @Test
  @DisplayName("acknowledging unsettled messages on close fails 3.3 (both) and 8.1")
  void losesUnackedOnClose() {
    assertFail(LosesUnackedOnCloseKit.class,
        t(Dequeue.class, "rule_3_3_unacknowledgedMessagesComeBackAfterClose"),
        t(Dequeue.class, "rule_3_3_unacknowledgedMessageGoesToWaitingInstance"),
        t(Lifecycle.class, "rule_8_1_concurrentCloseIsHarmless"));
  }

  @Test
  @DisplayName("a new message id on redelivery fails 2.7, 5.1 and 5.2")
  void newIdOnRedelivery() {
    assertFail(NewIdOnRedeliveryKit.class,
        t(Push.class, "rule_2_7_messageIdSurvivesDeliveryAndRedelivery"),
        t(Reject.class, "rule_5_1_rejectDefaultsToRequeue"),
        t(Reject.class, "rule_5_2_requeueRaisesAttemptAndKeepsContent"));
  }

  @Test
  @DisplayName("a dequeue(maxWait) that does not wait fails 3.2")
  void noLongPoll() {
    assertFail(NoLongPollKit.class, t(Dequeue.class, "rule_3_2_longPollReturnsMessagePushedDuringWait"));
  }

  @Test
  @DisplayName("a dequeue(maxWait) that overflows on a huge wait fails 3.2")
  void overflowingWait() {
    assertFail(OverflowingWaitKit.class, t(Dequeue.class, "rule_3_2_hugeWaitIsAccepted"));
  }

  @Test
  @DisplayName("a body stored as a string fails 2.2")
  void bodyAsString() {
    assertFail(BodyAsStringKit.class,
        t(Push.class, "rule_2_2_binaryBodyIsDeliveredByteForByte"),
        t(Push.class, "rule_2_2_largeBodyIsDelivered"));
  }

  @Test
  @DisplayName("a queue close that leaves its subscriptions open fails 6.5")
  void forgetsSubscriptionsOnClose() {
    assertFail(ForgetsSubscriptionsOnCloseKit.class, t(Subscribe.class, "rule_6_5_closingQueueClosesSubscriptions"));
  }

  @Test
  @DisplayName("declaring a capability the provider does not list fails 9.1 and that capability's rule")
  void claimsUnlistedCapability() {
    assertFail(ClaimsUnlistedCapabilityKit.class,
        t(Groups.class, "rule_9_1_brokerCapabilitiesAreDeclaredByProvider"),
        t(Dequeue.class, "rule_3_10_instancesOfDifferentConnectionsShareMessages"));
  }

  @Test
  @DisplayName("a cumulative acknowledgement that skips an unacknowledged message fails 4.4")
  void cumulativeAck() {
    assertFail(CumulativeAckKit.class, t(Acknowledge.class, "rule_4_4_outOfOrderAcknowledgementsKeepTheGap"));
  }

  @Test
  @DisplayName("a subscription that ignores its concurrency fails 6.3")
  void ignoresConcurrency() {
    assertFail(IgnoresConcurrencyKit.class, t(Subscribe.class, "rule_6_3_concurrencyRunsUpToNHandlers"));
  }

  @Test
  @DisplayName("one queue behind every name fails 3.7")
  void sharedQueue() {
    assertFail(SharedQueueKit.class, t(Dequeue.class, "rule_3_7_queuesAreIsolated"));
  }

  @Test
  @DisplayName("declaring CONSUMER_GROUPS with one shared group fails 9.2")
  void sharedGroups() {
    assertFail(SharedGroupsKit.class,
        t(Groups.class, "rule_9_2_twoGroupsEachReceiveEverything"),
        t(Groups.class, "rule_9_2_groupsSettleIndependently"));
  }

  @Test
  @DisplayName("a closed queue that still answers dequeue fails 8.2")
  void closedQueueStillWorks() {
    assertFail(ClosedQueueStillWorksKit.class, t(Lifecycle.class, "rule_8_2_everyOperationOnClosedQueueThrows"));
  }

  @Test
  @DisplayName("losing every 1024th message of a queue fails 3.6 (volume)")
  void dropsOnWrap() {
    assertFail(DropsOnWrapKit.class, t(Dequeue.class, "rule_3_6_volumeThroughTenProducersAndTenConsumers"));
  }

  @Test
  @DisplayName("serving the 17th queue from the first fails 3.7 (twenty queues)")
  void sixteenQueues() {
    assertFail(SixteenQueuesKit.class, t(Dequeue.class, "rule_3_7_twentyQueuesAtOnceAreIsolated"));
  }

  @Test
  @DisplayName("losing a closed instance's messages when another closes at the same time fails 3.3 (churn)")
  void losesUnackedOnConcurrentClose() {
    assertFail(LosesUnackedOnConcurrentCloseKit.class, t(Dequeue.class, "rule_3_3_churningInstancesLoseNothing"));
  }

  @Test
  @DisplayName("acknowledgements lost by a restart under load fail 3.8 (restarts under load)")
  void forgetsAcksOnRestart() {
    assertFail(ForgetsAcksOnRestartKit.class, t(Dequeue.class, "rule_3_8_restartsUnderLoadLoseNothing"));
  }

  @Test
  @DisplayName("accepted pushes lost by a restart under load fail 3.8 (restarts under load)")
  void losesUnflushedPushes() {
    assertFail(LosesUnflushedPushesKit.class, t(Dequeue.class, "rule_3_8_restartsUnderLoadLoseNothing"));
  }

  @Test
  @DisplayName("the durable rules pass for a durable provider, and the durable broken kits pass the old ones")
  void durableControl() {
    List<RuleTest> durable = List.of(t(Dequeue.class, "rule_3_8_messagesSurviveRestart"),
        t(Acknowledge.class, "rule_4_5_acknowledgementSurvivesRestart"),
        t(Dequeue.class, "rule_3_8_restartsUnderLoadLoseNothing"));
    assertPass(DurableInMemoryKit.class, durable);
    assertPass(ForgetsAcksOnRestartKit.class, durable.subList(0, 2));
    assertPass(LosesUnflushedPushesKit.class, durable.subList(0, 2));
  }

  @Test
  @DisplayName("showing a secret in toString fails 1.6")
  void leaksSecret() {
    assertFail(LeaksSecretKit.class, t(Configuration.class, "rule_1_6_secretsAreNeverShown"));
  }

  @Test
  @DisplayName("the same secret test passes for a provider that masks its secret")
  void keepsSecret() {
    Map<String, Result> outcomes = KitRunner.run(KeepsSecretKit.class,
        List.of(t(Configuration.class, "rule_1_6_secretsAreNeverShown")));
    assertThat(outcomes.get("rule_1_6_secretsAreNeverShown").outcome()).isEqualTo(Outcome.PASSED);
  }

  @Test
  @DisplayName("the whole kit passes against the healthy provider through the same wrappers")
  void healthyWrapperPassesTheWholeKit() {
    Map<String, Result> outcomes = KitRunner.runAll(HealthyWrapperKit.class);
    assertThat(outcomes).hasSizeGreaterThan(80);
    List<String> wrong = new ArrayList<>();
    outcomes.forEach((method, result) -> {
      boolean capabilitySkip = result.outcome() == Outcome.SKIPPED && (result.failure().contains("does not declare")
          || result.failure().contains("declares no secret keys") || result.failure().contains("declares CONSUMER_GROUPS")
          || result.failure().startsWith("not tested by the TCK: "));
      if (result.outcome() != Outcome.PASSED && !capabilitySkip) {
        wrong.add(method + " -> " + result.outcome() + " " + result.failure());
      }
    });
    assertThat(wrong).as("rule tests neither passed nor skipped for a capability").isEmpty();
  }

  private static void assertPass(Class<?> kit, List<RuleTest> tests) {
    Map<String, Result> outcomes = KitRunner.run(kit, tests);
    List<String> notPassed = new ArrayList<>();
    for (RuleTest t : tests) {
      Result r = outcomes.get(t.method());
      if (r == null || r.outcome() != Outcome.PASSED) {
        notPassed.add(t.method() + " -> " + (r == null ? "NOT RUN" : r.outcome() + " " + r.failure()));
      }
    }
    assertThat(notPassed).as("rule tests that %s should have passed", kit.getSimpleName()).isEmpty();
  }

  private static RuleTest t(Class<?> area, String method) {
    return new RuleTest(area, method);
  }

  private static void assertFail(Class<?> kit, RuleTest... tests) {
    Map<String, Result> outcomes = KitRunner.run(kit, List.of(tests));
    List<String> notFailed = new ArrayList<>();
    for (RuleTest t : tests) {
      Result r = outcomes.get(t.method());
      if (r == null || r.outcome() != Outcome.FAILED) {
        notFailed.add(t.method() + " -> " + (r == null ? "NOT RUN" : r.outcome() + " " + r.failure()));
      } else if (PRINT_FAILURES) {
        System.out.println(kit.getSimpleName() + " " + t.method() + ": " + r.failure());
      }
    }
    assertThat(notFailed).as("rule tests that %s should have failed", kit.getSimpleName()).isEmpty();
  }
}
