package dev.mq.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ObservedOrderPipelineTest {

  @Test
  void printsTheMetricsOfTheRun() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> ObservedOrderPipeline.main(new String[0]));
    } finally {
      System.setOut(original);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("OK: every order is accounted for", "Health: BrokerHealth[healthy=true")
        .containsPattern("messaging.client.sent.messages +\\{error.type=none, "
            + "messaging.destination.name=orders, messaging.operation.name=send\\} 1000")
        .containsPattern("mq.client.settled.messages +\\{messaging.consumer.group.name=default, "
            + "messaging.destination.name=orders, mq.outcome=dead-lettered\\} 20")
        .containsPattern("mq.client.settled.messages +\\{messaging.consumer.group.name=default, "
            + "messaging.destination.name=orders, mq.outcome=acknowledged\\} 980");
  }
}
