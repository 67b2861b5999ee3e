package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.ConfigurationException;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.MessagingException;
import dev.mq.kinesis.internal.fanout.FanOutStats;
import dev.mq.kinesis.testing.EmulatorProcess;
import dev.mq.kinesis.testing.KinesisEmulators;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;

/** Enhanced fan-out: resuming, renewal, ResourceInUse back-off, back-pressure, configuration. */
@ExtendWith(KinesisEndpointExtension.class)
class FanOutTest {

  @TempDir
  Path dir;

  private Map<String, String> config(KinesisEndpoint endpoint) {
    Map<String, String> c = ProviderTests.config(endpoint, dir);
    c.put("mq.kinesis.retrieval", "fan-out");
    return c;
  }

  private static FanOutStats stats(KinesisBroker broker) {
    return broker.fanOutStats().orElseThrow();
  }

  private static List<String> bodies(List<Envelope> envelopes) {
    return envelopes.stream().map(Envelope::bodyAsString).toList();
  }

  @Test
  void aNewBrokerResumesAfterTheCheckpoint(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("fo-resume", 1);
    try (KinesisBroker broker = ProviderTests.connect(config(endpoint))) {
      MessageQueue q = broker.queue(stream);
      q.push(Envelope.of("a"));
      q.push(Envelope.of("b"));
      Envelope first = ProviderTests.receive(q, 1).get(0);
      assertThat(first.bodyAsString()).isEqualTo("a");
      q.acknowledge(first);
    }
    try (KinesisBroker broker = ProviderTests.connect(config(endpoint))) {
      MessageQueue q = broker.queue(stream);
      assertThat(bodies(ProviderTests.receiveAndAck(q, 1))).containsExactly("b");
      ProviderTests.assertNothingMore(q);
    }
  }

  @Test
  void subscriptionsAreRenewedFromTheContinuationWithoutLossOrDuplicates(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("fo-renew", 1);
    Map<String, String> c = config(endpoint);
    c.put("mq.kinesis.fan-out-subscription-lifetime", "6s");
    try (KinesisBroker broker = ProviderTests.connect(c)) {
      MessageQueue q = broker.queue(stream);
      assertThat(q.dequeue(Duration.ZERO)).isEmpty(); // the first dequeue starts the subscriptions
      List<String> expected = new ArrayList<>();
      List<String> got = new ArrayList<>();
      for (int phase = 0; phase < 3; phase++) {
        long renewals = stats(broker).renewals();
        ProviderTests.await("a subscription renewal", () -> stats(broker).renewals() > renewals);
        for (int i = 0; i < 3; i++) {
          String body = phase + "-" + i;
          expected.add(body);
          q.push(Envelope.of(body));
        }
        try {
          got.addAll(bodies(ProviderTests.receiveAndAck(q, 3)));
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "; " + stats(broker), e);
        }
      }
      ProviderTests.assertNothingMore(q);
      assertThat(got).containsExactlyElementsOf(expected);
      assertThat(stats(broker).subscriptions()).as(stats(broker).toString()).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void resourceInUseBacksOffAndSubscribesAgain(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("fo-inuse", 1);
    AtomicInteger refused = new AtomicInteger();
    ExecutionInterceptor inUse = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof SubscribeToShardRequest && refused.getAndIncrement() < 3) {
          throw ResourceInUseException.builder().message("injected: another active subscription").build();
        }
      }
    };
    try (KinesisBroker broker = ProviderTests.connect(config(endpoint), inUse)) {
      MessageQueue q = broker.queue(stream);
      q.push(Envelope.of("after-in-use"));
      assertThat(bodies(ProviderTests.receiveAndAck(q, 1))).containsExactly("after-in-use");
      assertThat(stats(broker).resourceInUse()).as(stats(broker).toString()).isEqualTo(3);
      assertThat(stats(broker).subscriptions()).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void aSlowConsumerNeverMakesTheSubscriptionBufferMoreThanOneEvent(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("fo-slow", 1);
    Map<String, String> c = config(endpoint);
    c.put("mq.kinesis.read-ahead-records", "5");
    int backlog = 60;
    try (KinesisBroker broker = ProviderTests.connect(c)) {
      MessageQueue q = broker.queue(stream);
      assertThat(q.dequeue(Duration.ZERO)).isEmpty(); // the first dequeue starts the subscriptions
      List<String> expected = new ArrayList<>();
      for (int batch = 0; batch < 6; batch++) {
        List<Envelope> envelopes = new ArrayList<>();
        for (int i = 0; i < backlog / 6; i++) {
          String body = "m-" + expected.size();
          expected.add(body);
          envelopes.add(Envelope.of(body));
        }
        q.pushAll(envelopes);
      }
      // Hold what is delivered without acknowledging: the read-ahead fills and the reader parks.
      // (One event may overshoot the read-ahead: Kinesis decides how many records an event holds.)
      List<Envelope> held = new ArrayList<>(ProviderTests.receive(q, 5));
      drainWithoutAcknowledging(q, held);
      FanOutStats s = stats(broker);
      long requested = s.eventsRequested();
      assertThat(s.recordsReceived()).as("records read: the read-ahead plus at most one event: " + s)
          .isLessThanOrEqualTo(5 + s.largestEvent());

      // More records arrive while the handler is stuck: none is asked for, none is buffered.
      List<Envelope> more = new ArrayList<>();
      for (int i = 0; i < backlog; i++) {
        String body = "m-" + expected.size();
        expected.add(body);
        more.add(Envelope.of(body));
      }
      q.pushAll(more);
      ProviderTests.assertNothingMore(q);
      assertThat(s.eventsRequested()).as("no event asked for while the read-ahead is full: " + s)
          .isEqualTo(requested);
      assertThat(s.eventsReceived()).as("nothing arrives that was not asked for: " + s)
          .isLessThanOrEqualTo(requested);
      assertThat(s.mostEventsHeld()).as("events waiting for the reader: " + s).isEqualTo(1);

      List<String> got = new ArrayList<>(bodies(held));
      held.forEach(q::acknowledge);
      while (got.size() < expected.size()) { // one at a time: the read-ahead is small
        got.addAll(bodies(ProviderTests.receiveAndAck(q, 1)));
      }
      assertThat(got).containsExactlyElementsOf(expected);
      ProviderTests.assertNothingMore(q);
    }
  }

  /** Takes what is delivered until nothing comes for a quiet period, acknowledging nothing. */
  private static void drainWithoutAcknowledging(MessageQueue q, List<Envelope> into) {
    while (true) {
      int before = into.size();
      long end = System.nanoTime() + ProviderTests.QUIET.toNanos();
      while (System.nanoTime() < end) {
        q.dequeue(java.time.Duration.ofMillis(100)).ifPresent(into::add);
      }
      if (into.size() == before) {
        return;
      }
    }
  }

  @Test
  void malformedFanOutSettingsNameTheirKey(KinesisEndpoint endpoint) {
    Map<String, String> c = config(endpoint);
    c.put("mq.kinesis.retrieval", "push");
    assertThatThrownBy(() -> MessageQueues.connect(c)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.kinesis.retrieval").hasMessageContaining("push");

    Map<String, String> lifetime = config(endpoint);
    lifetime.put("mq.kinesis.fan-out-subscription-lifetime", "6m");
    assertThatThrownBy(() -> MessageQueues.connect(lifetime)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.kinesis.fan-out-subscription-lifetime");

    Map<String, String> group = config(endpoint);
    group.put("mq.kinesis.consumer-group", "billing team");
    assertThatThrownBy(() -> MessageQueues.connect(group)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.kinesis.consumer-group").hasMessageContaining("billing team");

    Map<String, String> longGroup = config(endpoint);
    longGroup.put("mq.kinesis.consumer-group", "g".repeat(255)); // its consumer name is shortened
    MessageQueues.connect(longGroup).close();
  }

  @Test
  void aGroupNameThatMakesNoConsumerNameIsRefusedByQueue(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("fo-badgroup", 1);
    try (KinesisBroker broker = ProviderTests.connect(config(endpoint))) {
      assertThatThrownBy(() -> broker.queue(stream, "a/b")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'a/b'");
      // SPEC 8.5: 128-character groups work everywhere; mq-<group> is shortened to fit 128
      assertThat(broker.queue(stream, "g".repeat(128))).isNotNull();
    }
  }

  @Test
  void kinesaliteHasNoFanOutAndSaysSo() {
    try (EmulatorProcess kinesalite = KinesisEmulators.startKinesalite(null)) {
      KinesisEndpoint endpoint = kinesalite.endpoint();
      String stream = endpoint.createStream("fo-kinesalite", 1); // turns the SDK's CBOR off
      try (KinesisBroker broker = ProviderTests.connect(config(endpoint));
           MessageQueue q = broker.queue(stream)) {
        q.push(Envelope.of("pushing needs no fan-out"));
        assertThatThrownBy(() -> q.subscribe(e -> { })).isInstanceOf(MessagingException.class)
            .hasMessageContaining("mq.kinesis.retrieval=fan-out")
            .hasMessageContaining("RegisterStreamConsumer");
      }
    }
  }
}
