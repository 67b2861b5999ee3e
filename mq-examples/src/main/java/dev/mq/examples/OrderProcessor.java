package dev.mq.examples;

import dev.mq.Envelope;
import dev.mq.MessageHandler;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The subscription's handler: "processes" an order and refuses poison ones by throwing, so the
 * queue redelivers them until they reach the dead-letter queue. It also checks the ordering
 * guarantee: a customer's orders arrive in sequence and never two at once.
 */
public final class OrderProcessor implements MessageHandler {

  private final CountDownLatch settled;
  private final Set<String> processed = ConcurrentHashMap.newKeySet();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger redeliveries = new AtomicInteger();
  private final AtomicInteger orderViolations = new AtomicInteger();
  private final Map<String, Integer> lastSequence = new ConcurrentHashMap<>();
  private final Set<String> customersInProgress = ConcurrentHashMap.newKeySet();

  /** @param settled counted down once per order processed for good */
  public OrderProcessor(CountDownLatch settled) {
    this.settled = settled;
  }

  @Override
  public void handle(Envelope envelope) {
    Order order = Order.fromEnvelope(envelope);
    if (envelope.deliveryAttempt() > 1) {
      redeliveries.incrementAndGet();
    }
    if (!customersInProgress.add(order.customer())) {
      orderViolations.incrementAndGet(); // two orders of one customer at once
    }
    try {
      Integer last = lastSequence.put(order.customer(), order.sequence());
      if (last != null && order.sequence() < last) {
        orderViolations.incrementAndGet();
      }
      if (order.isPoison()) {
        throw new IllegalArgumentException("order " + order.id() + " has the negative amount "
            + order.amount().toPlainString());
      }
      if (processed.add(order.id())) {
        settled.countDown();
      } else {
        duplicates.incrementAndGet();
      }
    } finally {
      customersInProgress.remove(order.customer());
    }
  }

  /** {@return distinct orders processed} */
  public int processed() {
    return processed.size();
  }

  /** {@return orders processed more than once} */
  public int duplicates() {
    return duplicates.get();
  }

  /** {@return deliveries with an attempt above 1} */
  public int redeliveries() {
    return redeliveries.get();
  }

  /** {@return deliveries that broke a customer's order} */
  public int orderViolations() {
    return orderViolations.get();
  }
}
