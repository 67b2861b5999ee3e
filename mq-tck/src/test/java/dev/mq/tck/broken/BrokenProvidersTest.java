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

  /** Set -Dmqtest.tck.print-failures=true to see why each broken provider failed each rule test. */
  private static final boolean PRINT_FAILURES = Boolean.getBoolean("mqtest.tck.print-failures");

  @Test
  @DisplayName("losing a message on reject fails 5.1, 5.2, 6.2 and 7.3")
  void losesMessageOnReject() {
    assertFail(LosesMessageOnRejectKit.class,
        t(Reject.class, "rule_5_1_rejectDefaultsToRequeue", "the message requeued by reject(e)"),
        t(Reject.class, "rule_5_2_requeueRaisesAttemptAndKeepsContent", "the message requeued by reject"),
        t(Ordering.class, "rule_7_3_rejectedMessageComesBackFirst", "after the reject of k:0"),
        t(Subscribe.class, "rule_6_2_throwingHandlerRequeuesAndSubscriptionContinues", "handled on their second attempt"));
  }

  @Test
  @DisplayName("redelivering after acknowledge fails 4.1, 4.2, 4.4 and 6.1")
  void redeliversAfterAck() {
    assertFail(RedeliversAfterAckKit.class,
        t(Acknowledge.class, "rule_4_1_acknowledgedMessageIsNotDeliveredAgain", "(the message was acknowledged)"),
        t(Acknowledge.class, "rule_4_2_doubleAcknowledgeIsHarmless", "(the message was acknowledged)"),
        t(Acknowledge.class, "rule_4_4_reverseOrderAcknowledgements", "(all ten were acknowledged)"),
        t(Subscribe.class, "rule_6_1_subscriptionDeliversAndAcknowledges", "delivered again after its acknowledgement"));
  }

  @Test
  @DisplayName("not holding back a key's next message fails 7.2 and 7.5")
  void ignoresKeyOrder() {
    assertFail(IgnoresKeyOrderKit.class,
        t(Ordering.class, "rule_7_2_nextMessageOfKeyIsHeldBack", "k:1 waits while k:0 is unacknowledged"),
        t(Ordering.class, "rule_7_2_heldKeyIsHeldForOtherInstances", "k:1 waits while k:0 is held by another instance"),
        t(Ordering.class, "rule_7_5_orderAcrossManyKeysAtConcurrency", "deliveries per key, in order"));
  }

  @Test
  @DisplayName("a reject without requeue that never settles fails 5.3 and 7.2")
  void finalRejectKeepsKey() {
    assertFail(FinalRejectKeepsKeyKit.class,
        t(Reject.class, "rule_5_3_rejectWithoutRequeueIsFinal", "the message was rejected without requeue"),
        t(Ordering.class, "rule_7_2_keyIsFreedByFinalReject", "the key must be freed"));
  }

  @Test
  @DisplayName("giving messages back at the end of the queue on close fails 7.1")
  void requeuesToBackOnClose() {
    assertFail(RequeuesToBackOnCloseKit.class, t(Ordering.class, "rule_7_1_orderHoldsAfterHolderCloses", "after the holder closed"));
  }

  @Test
  @DisplayName("reordering a batch fails 7.1 (pushAll)")
  void reordersBatch() {
    assertFail(ReordersBatchKit.class, t(Ordering.class, "rule_7_1_sameKeyInPushAllOrder", "delivery order of key a"));
  }

  @Test
  @DisplayName("ignoring the attempt limit fails 5.4, 5.5 and 6.2")
  void ignoresAttemptLimit() {
    assertFail(IgnoresAttemptLimitKit.class,
        t(Reject.class, "rule_5_4_attemptLimitEndsRedelivery", "reached the attempt limit of 2"),
        t(Reject.class, "rule_5_4_defaultAttemptLimitIsThree", "reached the default attempt limit of 3"),
        t(Reject.class, "rule_5_5_attemptLimitDeadLetters", "expected the dead letter"),
        t(Subscribe.class, "rule_6_2_attemptLimitAppliesToThrowingHandler", "delivered more often than the limit"));
  }

  @Test
  @DisplayName("handing one message to two consumers fails 3.4, 3.6 and 3.9")
  void deliversToEveryInstance() {
    assertFail(DeliversToEveryInstanceKit.class,
        t(Dequeue.class, "rule_3_4_heldMessageIsNotDeliveredToAnotherInstance", "held by another instance"),
        t(Dequeue.class, "rule_3_6_concurrentProducersAndConsumersLoseNothing", "delivered twice"),
        t(Dequeue.class, "rule_3_9_competingInstancesShareMessages", "b receives the message a does not hold"));
  }

  @Test
  @DisplayName("dropping properties fails 2.3, 3.5 and 5.2")
  void dropsProperties() {
    assertFail(DropsPropertiesKit.class,
        t(Push.class, "rule_2_3_propertiesAreDeliveredExactly", "delivered properties"),
        t(Dequeue.class, "rule_3_5_firstDeliveryCarriesEverything", "delivered properties"),
        t(Reject.class, "rule_5_2_requeueRaisesAttemptAndKeepsContent", "properties of delivery 1"));
  }

  @Test
  @DisplayName("not raising the attempt fails 5.1, 5.2, 5.4 and 2.7")
  void frozenAttempt() {
    assertFail(FrozenAttemptKit.class,
        t(Reject.class, "rule_5_1_rejectDefaultsToRequeue", "delivery attempt of the redelivery"),
        t(Reject.class, "rule_5_2_requeueRaisesAttemptAndKeepsContent", "[delivery attempt]"),
        t(Reject.class, "rule_5_4_attemptLimitEndsRedelivery", "delivery attempt of the redelivery"),
        t(Push.class, "rule_2_7_messageIdSurvivesDeliveryAndRedelivery", "delivery attempt of the redelivery of"));
  }

  @Test
  @DisplayName("declaring DEAD_LETTER without dead-lettering fails 5.5")
  void noDeadLetter() {
    assertFail(NoDeadLetterKit.class,
        t(Reject.class, "rule_5_5_rejectWithoutRequeueDeadLetters", "expected the dead letter"),
        t(Reject.class, "rule_5_5_attemptLimitDeadLetters", "expected the dead letter"),
        t(Reject.class, "rule_5_5_deadLetterWithoutKeyOrReason", "expected the dead letter"));
  }

  @Test
  @DisplayName("declaring DURABLE without durability fails 3.8 and 4.5")
  void claimsDurability() {
    assertFail(ClaimsDurabilityKit.class,
        t(Dequeue.class, "rule_3_8_messagesSurviveRestart", "the unacknowledged messages after the restart"),
        t(Acknowledge.class, "rule_4_5_acknowledgementSurvivesRestart", "the unacknowledged message after the restart"));
  }

  @Test
  @DisplayName("swallowing push failures fails 2.4, 2.5, 8.2 and 8.4")
  void swallowsPushFailures() {
    assertFail(SwallowsPushFailuresKit.class,
        t(Push.class, "rule_2_4_pushNullThrowsNullPointerException", "push(null)"),
        t(Push.class, "rule_2_4_pushAllWithNullsThrowsAndWritesNothing", "pushAll(null)"),
        t(Push.class, "rule_2_5_tooLargeMessageIsRefused", "push of a 1048577 byte body"),
        t(Push.class, "rule_2_5_batchWithTooLargeMemberWritesNothing", "pushAll of a batch with a too large message"),
        t(Lifecycle.class, "rule_8_2_everyOperationOnClosedQueueThrows", "push on a closed queue"),
        t(Lifecycle.class, "rule_8_4_badInputFailsOnlyThatCall", "push(null)"));
  }

  @Test
  @DisplayName("silently accepting a foreign envelope fails 4.3, 4.6 and 8.4")
  void acceptsForeignEnvelopes() {
    assertFail(AcceptsForeignEnvelopesKit.class,
        t(Acknowledge.class, "rule_4_3_undeliveredEnvelopeIsIllegalArgument", "of a foreign envelope"),
        t(Acknowledge.class, "rule_4_3_forgedDeliveryTagIsIllegalArgument", "of a foreign envelope"),
        t(Acknowledge.class, "rule_4_3_envelopeOfAnotherQueueIsIllegalArgument", "of a foreign envelope"),
        t(Acknowledge.class, "rule_4_3_envelopeOfAnotherInstanceIsIllegalArgument", "of a foreign envelope"),
        t(Acknowledge.class, "rule_4_3_envelopeOfAnotherBrokerIsIllegalArgument", "of a foreign envelope"),
        t(Lifecycle.class, "rule_8_4_badInputFailsOnlyThatCall", "acknowledge of a foreign envelope"),
        t(Acknowledge.class, "rule_4_6_foreignEnvelopeInTheListIsIllegalArgument", "acknowledgeAll of a list with a foreign envelope"));
  }

  @Test
  @DisplayName("dead letters without their time fail 5.5")
  void untimedDeadLetters() {
    assertFail(UntimedDeadLettersKit.class, t(Reject.class, "rule_5_5_deadLetterWithoutKeyOrReason",
        "mq.dead-letter.time"));
  }

  @Test
  @DisplayName("acknowledgeAll that acknowledges only the first of the list fails 4.6")
  void acknowledgesFirstOfList() {
    assertFail(AcknowledgesFirstOfListKit.class, t(Acknowledge.class,
        "rule_4_6_acknowledgeAllSettlesExactlyTheListedMessages", "only those left out of the list"));
  }

  @Test
  @DisplayName("acknowledgeAll that acknowledges every held message fails 4.6")
  void acknowledgesAllHeld() {
    assertFail(AcknowledgesAllHeldKit.class, t(Acknowledge.class,
        "rule_4_6_acknowledgeAllSettlesExactlyTheListedMessages", "the two messages left out of acknowledgeAll"));
  }

  @Test
  @DisplayName("acknowledgeAll that fails on a repeated envelope fails 4.6")
  void refusesRepeatedAcknowledgements() {
    assertFail(RefusesRepeatedAcknowledgementsKit.class, t(Acknowledge.class,
        "rule_4_6_emptyListsAndRepeatsAreHarmless", "batch entry ids not distinct"));
  }

  @Test
  @DisplayName("settling by message id instead of by delivery fails 4.2 (settled delivery)")
  void settlesByMessageId() {
    assertFail(SettlesByMessageIdKit.class, t(Acknowledge.class, "rule_4_2_settledDeliveryIsNotSettledAgain", "a stale delivery's acknowledge or reject settled its later delivery"));
  }

  @Test
  @DisplayName("a closed broker that still hands out queues fails 8.2 (closed broker)")
  void closedBrokerStillWorks() {
    assertFail(ClosedBrokerStillWorksKit.class, t(Lifecycle.class, "rule_8_2_closedBrokerRefusesQueues", "on a closed broker"));
  }

  @Test
  @DisplayName("quietly fixing invalid names fails 8.5 (invalid names)")
  void acceptsAnyName() {
    assertFail(AcceptsAnyNameKit.class, t(Lifecycle.class, "rule_8_5_invalidNamesAreRefused", "queue(\"\")"));
  }

  @Test
  @DisplayName("refusing portable names over 32 characters fails 8.5 (portable names)")
  void shortNamesOnly() {
    assertFail(ShortNamesOnlyKit.class, t(Lifecycle.class, "rule_8_5_portableNamesAreAccepted", "names are at most 32 characters"));
  }

  @Test
  @DisplayName("limits below EnvelopeLimits fail 2.9 (delivered exactly)")
  void lowerEnvelopeLimits() {
    assertFail(LowerEnvelopeLimitsKit.class, t(Push.class, "rule_2_9_envelopeAtEveryLimitIsDeliveredExactly", "at most 64 properties"));
  }

  @Test
  @DisplayName("a dead letter that keeps a huge reason and is refused fails 2.9 and 5.5")
  void keepsWholeReason() {
    assertFail(KeepsWholeReasonKit.class,
        t(Push.class, "rule_2_9_envelopeAtEveryLimitCanBeDeadLettered", "dead letter of tck-limits-dl"),
        t(Reject.class, "rule_5_5_largeMessageWithHugeReasonIsDeadLettered", "is too large with a 600016-character reason"));
  }

  @Test
  @DisplayName("leaving configuration typos to later fails 1.5 (attempt range, dead-letter queue)")
  void configTyposIgnored() {
    assertFail(ConfigTyposIgnoredKit.class,
        t(Configuration.class, "rule_1_5_outOfRangeAttemptLimitIsRejected", "mq.max-delivery-attempts="),
        t(Configuration.class, "rule_1_5_invalidDeadLetterQueueIsRejectedAtConnect", "mq.dead-letter-queue="));
  }

  @Test
  @DisplayName("a close that is not idempotent fails 8.1")
  void closeNotIdempotent() {
    assertFail(CloseNotIdempotentKit.class,
        t(Lifecycle.class, "rule_8_1_closeIsIdempotent", "already closed"),
        t(Lifecycle.class, "rule_8_1_concurrentCloseIsHarmless", "already closed"));
  }

  @Test
  @DisplayName("a subscription that stops on a handler error fails 6.2")
  void stopsOnHandlerError() {
    assertFail(StopsOnHandlerErrorKit.class,
        t(Subscribe.class, "rule_6_2_throwingHandlerRequeuesAndSubscriptionContinues", "keeps delivering"),
        t(Subscribe.class, "rule_6_2_attemptLimitAppliesToThrowingHandler", "keeps delivering"));
  }

  @Test
  @DisplayName("a subscription close that does not wait for running handlers fails 6.4")
  void abandonsHandlersOnClose() {
    assertFail(AbandonsHandlersOnCloseKit.class, t(Subscribe.class, "rule_6_4_closeWaitsForRunningHandler", "close must wait for a running handler"));
  }

  @Test
  @DisplayName("acknowledging unsettled messages on close fails 3.3 (both) and 8.1")
  void losesUnackedOnClose() {
    assertFail(LosesUnackedOnCloseKit.class,
        t(Dequeue.class, "rule_3_3_unacknowledgedMessagesComeBackAfterClose", "the messages a closed instance left unacknowledged"),
        t(Dequeue.class, "rule_3_3_unacknowledgedMessageGoesToWaitingInstance", "the message given back by close"),
        t(Lifecycle.class, "rule_8_1_concurrentCloseIsHarmless", "the unacknowledged message after the concurrent close"));
  }

  @Test
  @DisplayName("a new message id on redelivery fails 2.7, 5.1 and 5.2")
  void newIdOnRedelivery() {
    assertFail(NewIdOnRedeliveryKit.class,
        t(Push.class, "rule_2_7_messageIdSurvivesDeliveryAndRedelivery", "message id on redelivery"),
        t(Reject.class, "rule_5_1_rejectDefaultsToRequeue", "message id of the redelivery"),
        t(Reject.class, "rule_5_2_requeueRaisesAttemptAndKeepsContent", "message id of delivery 2"));
  }

  @Test
  @DisplayName("a dequeue(maxWait) that does not wait fails 3.2")
  void noLongPoll() {
    assertFail(NoLongPollKit.class, t(Dequeue.class, "rule_3_2_longPollReturnsMessagePushedDuringWait", "the long poll's result"));
  }

  @Test
  @DisplayName("a dequeue(maxWait) that overflows on a huge wait fails 3.2")
  void overflowingWait() {
    assertFail(OverflowingWaitKit.class, t(Dequeue.class, "rule_3_2_hugeWaitIsAccepted", "overflow"));
  }

  @Test
  @DisplayName("a body stored as a string fails 2.2")
  void bodyAsString() {
    assertFail(BodyAsStringKit.class,
        t(Push.class, "rule_2_2_binaryBodyIsDeliveredByteForByte", "delivered body bytes"),
        t(Push.class, "rule_2_2_largeBodyIsDelivered", "over the limit"));
  }

  @Test
  @DisplayName("a queue close that leaves its subscriptions open fails 6.5")
  void forgetsSubscriptionsOnClose() {
    assertFail(ForgetsSubscriptionsOnCloseKit.class, t(Subscribe.class, "rule_6_5_closingQueueClosesSubscriptions", "the subscription reports itself closed"));
  }

  @Test
  @DisplayName("declaring a capability the provider does not list fails 9.1 and that capability's rule")
  void claimsUnlistedCapability() {
    assertFail(ClaimsUnlistedCapabilityKit.class,
        t(Groups.class, "rule_9_1_brokerCapabilitiesAreDeclaredByProvider", "capabilities of provider"),
        t(Dequeue.class, "rule_3_10_instancesOfDifferentConnectionsShareMessages", "connections served 1 of 2"));
  }

  @Test
  @DisplayName("a cumulative acknowledgement that skips an unacknowledged message fails 4.4")
  void cumulativeAck() {
    assertFail(CumulativeAckKit.class, t(Acknowledge.class, "rule_4_4_outOfOrderAcknowledgementsKeepTheGap", "the one unacknowledged message, between acknowledged ones"));
  }

  @Test
  @DisplayName("a subscription that ignores its concurrency fails 6.3")
  void ignoresConcurrency() {
    assertFail(IgnoresConcurrencyKit.class, t(Subscribe.class, "rule_6_3_concurrencyRunsUpToNHandlers", "4 handlers were running at once"));
  }

  @Test
  @DisplayName("one queue behind every name fails 3.7")
  void sharedQueue() {
    assertFail(SharedQueueKit.class, t(Dequeue.class, "rule_3_7_queuesAreIsolated", "is not isolated"));
  }

  @Test
  @DisplayName("declaring CONSUMER_GROUPS with one shared group fails 9.2")
  void sharedGroups() {
    assertFail(SharedGroupsKit.class,
        t(Groups.class, "rule_9_2_twoGroupsEachReceiveEverything", "which blue acknowledged"),
        t(Groups.class, "rule_9_2_groupsSettleIndependently", "which blue acknowledged"));
  }

  @Test
  @DisplayName("a closed queue that still answers dequeue fails 8.2")
  void closedQueueStillWorks() {
    assertFail(ClosedQueueStillWorksKit.class, t(Lifecycle.class, "rule_8_2_everyOperationOnClosedQueueThrows", "on a closed queue"));
  }

  @Test
  @DisplayName("losing every 1024th message of a queue fails 3.6 (volume)")
  void dropsOnWrap() {
    assertFail(DropsOnWrapKit.class, t(Dequeue.class, "rule_3_6_volumeThroughTenProducersAndTenConsumers", "messages lost"));
  }

  @Test
  @DisplayName("serving the 17th queue from the first fails 3.7 (twenty queues)")
  void sixteenQueues() {
    assertFail(SixteenQueuesKit.class, t(Dequeue.class, "rule_3_7_twentyQueuesAtOnceAreIsolated", "never pushed to it"));
  }

  @Test
  @DisplayName("losing a closed instance's messages when another closes at the same time fails 3.3 (churn)")
  void losesUnackedOnConcurrentClose() {
    assertFail(LosesUnackedOnConcurrentCloseKit.class, t(Dequeue.class, "rule_3_3_churningInstancesLoseNothing", "messages lost after closing instances that held them"));
  }

  @Test
  @DisplayName("acknowledgements lost by a restart under load fail 3.8 (restarts under load)")
  void forgetsAcksOnRestart() {
    assertFail(ForgetsAcksOnRestartKit.class, t(Dequeue.class, "rule_3_8_restartsUnderLoadLoseNothing", "delivered again after it was acknowledged"));
  }

  @Test
  @DisplayName("accepted pushes lost by a restart under load fail 3.8 (restarts under load)")
  void losesUnflushedPushes() {
    assertFail(LosesUnflushedPushesKit.class, t(Dequeue.class, "rule_3_8_restartsUnderLoadLoseNothing", "accepted messages lost across restarts"));
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
    assertFail(LeaksSecretKit.class, t(Configuration.class, "rule_1_6_secretsAreNeverShown", "tck-secret"));
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

  @Test
  @DisplayName("ignoring retry delays fails 5.7 (both)")
  void ignoresRetryDelays() {
    assertFail(IgnoresRetryDelaysKit.class,
        t(Reject.class, "rule_5_7_requeuedMessageWaitsForTheRetryPolicy", "the retry policy waits"),
        t(Reject.class, "rule_5_7_rejectWithADelayWaitsThatLong", "rejected with a 700 ms delay came back"));
  }

  @Test
  @DisplayName("holding the whole queue while a message waits for its retry fails 5.8 (other messages)")
  void holdsQueueDuringRetry() {
    assertFail(HoldsQueueDuringRetryKit.class, t(Reject.class, "rule_5_8_otherMessagesFlowWhileOneWaits", "pushed while another waits for its retry"));
  }

  @Test
  @DisplayName("freeing a key while its message waits for its retry fails 5.8 (key)")
  void releasesKeyDuringRetry() {
    assertFail(ReleasesKeyDuringRetryKit.class, t(Reject.class, "rule_5_8_laterMessagesOfItsKeyWaitBehindIt", "the second behind it"));
  }

  @Test
  @DisplayName("delaying the dead letter of a delayed reject at the limit fails 5.9")
  void delaysDeadLetters() {
    assertFail(DelaysDeadLettersKit.class, t(Reject.class, "rule_5_9_atTheLimitADelayedRejectDeadLettersAtOnce", "dead letter of a delayed reject"));
  }

  @Test
  @DisplayName("a pushAsync that writes nothing fails 2.10 (delivered, order)")
  void asyncDrops() {
    assertFail(AsyncDropsKit.class,
        t(Push.class, "rule_2_10_pushAsyncMessagesAreDelivered", "the 20 messages pushed with pushAsync"),
        t(Push.class, "rule_2_10_pushAsyncOfOneKeyKeepsCallOrder", "one key's pushAsync messages"));
  }

  @Test
  @DisplayName("a pushAsync that reorders one key's calls fails 2.10 (order)")
  void asyncReorders() {
    assertFail(AsyncReordersKit.class, t(Push.class, "rule_2_10_pushAsyncOfOneKeyKeepsCallOrder", "in call order"));
  }

  @Test
  @DisplayName("a pushAsync that fails bad input late fails 2.10 (bad input)")
  void asyncFailsLate() {
    assertFail(AsyncFailsLateKit.class, t(Push.class, "rule_2_10_pushAsyncRefusesBadInputAtTheCall", "pushAsync(null)"));
  }

  @Test
  @DisplayName("a batch of one message more than asked fails 3.11 (at most)")
  void oversizedBatch() {
    assertFail(OversizedBatchKit.class, t(Dequeue.class, "rule_3_11_batchDequeueReturnsAtMostMaxMessages", "a batch asked for at most 10"));
  }

  @Test
  @DisplayName("settling a batch together fails 3.11 (settled alone)")
  void batchSettlesTogether() {
    assertFail(BatchSettlesTogetherKit.class, t(Dequeue.class, "rule_3_11_eachMessageOfABatchIsSettledOnItsOwn", "the rejected message of the batch"));
  }

  @Test
  @DisplayName("carrying a delivery's attempt into the same message pushed again fails 2.11")
  void countsAttemptsByMessageId() {
    assertFail(CountsAttemptsByMessageIdKit.class, t(Push.class, "rule_2_11_envelopeRebuiltFromADeliveryIsANewMessage",
        "delivery attempt of the re-pushed message (rebuilt by toBuilder())"));
  }

  private static RuleTest t(Class<?> area, String method) {
    return new RuleTest(area, method);
  }

  /** A rule test that must fail with a message containing {@code why}, which names the defect. */
  private static Expected t(Class<?> area, String method, String why) {
    return new Expected(new RuleTest(area, method), why);
  }

  /** A rule test and a fragment of the failure message it must fail with. */
  private record Expected(RuleTest test, String why) {}

  private static void assertFail(Class<?> kit, Expected... expected) {
    List<RuleTest> tests = new ArrayList<>();
    for (Expected e : expected) {
      tests.add(e.test());
    }
    Map<String, Result> outcomes = KitRunner.run(kit, tests);
    List<String> wrong = new ArrayList<>();
    for (Expected e : expected) {
      Result r = outcomes.get(e.test().method());
      if (r == null || r.outcome() != Outcome.FAILED) {
        wrong.add(e.test().method() + " -> " + (r == null ? "NOT RUN" : r.outcome() + " " + r.failure()));
      } else if (!r.failure().contains(e.why())) {
        wrong.add(e.test().method() + " failed, but not saying '" + e.why() + "': " + r.failure());
      } else if (PRINT_FAILURES) {
        System.out.println(kit.getSimpleName() + " " + e.test().method() + ": " + r.failure());
      }
    }
    assertThat(wrong).as("rule tests that %s should have failed for its defect", kit.getSimpleName()).isEmpty();
  }

}
