package dev.mq.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.sqs.testing.PersistentElasticMq;
import dev.mq.sqs.testing.SqsTests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real restart of a persistent ElasticMQ: pushed messages are kept, acknowledged ones stay gone. */
class ServerRestartTest {

  @TempDir
  Path dir;

  @Test
  void messagesSurviveAServerRestartAndAcknowledgementsToo() {
    PersistentElasticMq server = new PersistentElasticMq(dir);
    try {
      String name = SqsTests.uniqueName();
      Map<String, String> config = SqsTests.config("mq.sqs.endpoint", server.endpoint());
      try (Broker broker = MessageQueues.connect(config); MessageQueue q = broker.queue(name)) {
        for (int i = 0; i < 5; i++) {
          q.push(Envelope.of("m" + i));
        }
        Envelope first = q.dequeue(Duration.ofSeconds(10)).orElseThrow();
        q.acknowledge(first);
        q.dequeue(Duration.ofSeconds(10)).orElseThrow(); // held at the restart, given back by close
      }
      server.restart();
      Set<String> bodies = new HashSet<>();
      try (Broker broker = MessageQueues.connect(config); MessageQueue q = broker.queue(name)) {
        Optional<Envelope> e;
        while ((e = q.dequeue(Duration.ofSeconds(3))).isPresent()) {
          assertThat(bodies.add(e.get().bodyAsString())).isTrue();
          q.acknowledge(e.get());
        }
      }
      assertThat(bodies).hasSize(4);
      server.restart();
      try (Broker broker = MessageQueues.connect(config); MessageQueue q = broker.queue(name)) {
        assertThat(q.dequeue(Duration.ofSeconds(2))).isEmpty();
      }
    } finally {
      server.stop();
    }
  }
}
