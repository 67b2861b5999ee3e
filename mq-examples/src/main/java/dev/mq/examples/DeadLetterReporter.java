package dev.mq.examples;

import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.MessageHandler;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/** Drains the dead-letter queue: prints why each order ended there and counts them. */
public final class DeadLetterReporter implements MessageHandler {

  private final PrintStream out;
  private final CountDownLatch settled;
  private final Set<String> deadLettered = ConcurrentHashMap.newKeySet();

  /**
   * @param out where to print one line per dead letter
   * @param settled counted down once per distinct dead letter
   */
  public DeadLetterReporter(PrintStream out, CountDownLatch settled) {
    this.out = out;
    this.settled = settled;
  }

  @Override
  public void handle(Envelope e) {
    out.printf("  dead letter %s (%s, %s attempts): %s%n", e.messageId(),
        e.property(Order.CUSTOMER).orElse("?"),
        e.property(DeadLetters.DELIVERY_ATTEMPTS).orElse("?"),
        e.property(DeadLetters.REASON).orElse("no reason"));
    if (deadLettered.add(e.messageId())) {
      settled.countDown();
    }
  }

  /** {@return distinct orders that reached the dead-letter queue} */
  public int deadLettered() {
    return deadLettered.size();
  }
}
