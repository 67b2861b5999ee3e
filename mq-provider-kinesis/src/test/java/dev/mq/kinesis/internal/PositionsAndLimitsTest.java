package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Initial positions of a new group, and the per-shard read-ahead bound. */
@ExtendWith(KinesisEndpointExtension.class)
class PositionsAndLimitsTest {

  @TempDir
  Path dir;

  private static void pause() {
    try {
      Thread.sleep(300); // arrival timestamps have millisecond resolution: keep "before" and "after" apart
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void latestSkipsWhatWasWrittenBeforeTheGroupStarted(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("latest", 1);
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    try (KinesisBroker producer = ProviderTests.connect(config)) {
      producer.queue(stream, "writer").push(Envelope.of("old"));
    }
    pause();
    config.put("mq.kinesis.initial-position", "latest");
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream, "late-group");
      pause();
      q.push(Envelope.of("new"));
      assertThat(ProviderTests.receiveAndAck(q, 1).get(0).bodyAsString()).isEqualTo("new");
      ProviderTests.assertNothingMore(q);
    }
  }

  @Test
  void latestKeepsUnacknowledgedMessagesOfAShardAcrossARestart(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("latest-restart", 1);
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    config.put("mq.kinesis.initial-position", "latest");
    List<String> sent = new java.util.ArrayList<>();
    java.util.Set<String> acked = new java.util.HashSet<>();
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream, "g");
      pause();
      for (int i = 0; i < 20; i++) {
        Envelope e = Envelope.of("m" + i);
        sent.add(e.messageId());
        q.push(e);
      }
      List<Envelope> got = ProviderTests.receive(q, 20);
      for (int i = 0; i < got.size(); i++) {
        if (i % 2 == 0 && i > 0) { // m0 stays unacknowledged: the shard gets no record checkpoint
          q.acknowledge(got.get(i));
          acked.add(got.get(i).messageId());
        }
      }
    }
    pause(); // the next broker's own start time is later than every message
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream, "g");
      List<String> again = ProviderTests.receiveAndAck(q, 11).stream().map(Envelope::messageId).toList();
      ProviderTests.assertNothingMore(q);
      System.out.printf("latest, file store, restart: sent 20, received %d, duplicated %d (the "
          + "unacknowledged ones), lost %d%n", 20 + again.size(), again.size(),
          sent.stream().filter(id -> !acked.contains(id) && !again.contains(id)).count());
      // the unacknowledged ones again, in order; the acknowledged ones stay acknowledged (4.5)
      assertThat(again).as("every unacknowledged message, again")
          .containsExactlyElementsOf(sent.stream().filter(id -> !acked.contains(id)).toList());
    }
  }

  @Test
  void aTimestampStartsAtRecordsThatArrivedFromThen(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("timestamp", 1);
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    Instant between;
    try (KinesisBroker producer = ProviderTests.connect(config)) {
      MessageQueue w = producer.queue(stream, "writer");
      w.push(Envelope.of("before"));
      pause();
      between = Instant.now();
      pause();
      w.push(Envelope.of("after"));
    }
    config.put("mq.kinesis.initial-position", between.toString());
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream, "from-then");
      assertThat(ProviderTests.receiveAndAck(q, 1).get(0).bodyAsString()).isEqualTo("after");
      ProviderTests.assertNothingMore(q);
    }
  }

  @Test
  void aFullReadAheadPausesTheShardUntilSomethingIsAcknowledged(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("read-ahead", 1);
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    config.put("mq.kinesis.read-ahead-records", "3");
    config.put("mq.kinesis.max-records-per-call", "3");
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      for (int i = 0; i < 6; i++) {
        q.push(Envelope.of("m" + i));
      }
      List<Envelope> first = ProviderTests.receive(q, 3);
      assertThat(first).extracting(Envelope::bodyAsString).containsExactly("m0", "m1", "m2");
      ProviderTests.assertNothingMore(q);
      q.acknowledge(first.get(1));
      ProviderTests.assertNothingMore(q); // m0 still holds the checkpoint back
      q.acknowledge(first.get(0));
      assertThat(ProviderTests.receive(q, 2)).extracting(Envelope::bodyAsString).containsExactly("m3", "m4");
    }
  }

  @Test
  void aRestartedGroupResumesAfterItsCheckpoint(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("resume", 1);
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      for (int i = 0; i < 5; i++) {
        q.push(Envelope.of("m" + i));
      }
      List<Envelope> got = ProviderTests.receive(q, 3);
      q.acknowledge(got.get(0));
      q.acknowledge(got.get(2)); // m1 stays unacknowledged: the checkpoint stops after m0
    }
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      // m2 was acknowledged behind m1 before the restart: it stays acknowledged (SPEC 4.5)
      assertThat(ProviderTests.receiveAndAck(q, 3)).extracting(Envelope::bodyAsString)
          .containsExactly("m1", "m3", "m4");
      ProviderTests.assertNothingMore(q);
    }
  }

  @Test
  void dequeueOnAClosedInstanceWakesAndFails(KinesisEndpoint endpoint) throws Exception {
    String stream = endpoint.createStream("close-wakes", 1);
    try (KinesisBroker broker = ProviderTests.connect(ProviderTests.config(endpoint, dir))) {
      MessageQueue q = broker.queue(stream);
      java.util.concurrent.CompletableFuture<Throwable> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          q.dequeue(Duration.ofHours(1));
          return null;
        } catch (RuntimeException e) {
          return e;
        }
      });
      pause();
      q.close();
      assertThat(waiting.get(ProviderTests.AWAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
