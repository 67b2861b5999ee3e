package dev.mq.examples;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a deterministic list of orders over a number of customers. Every 50th order (the 50th,
 * 100th, ...) has a negative amount, so the processor refuses it every time.
 */
public final class OrderGenerator {

  /** One order in this many is poison. */
  public static final int POISON_EVERY = 50;

  private OrderGenerator() {}

  /**
   * {@return {@code count} orders, spread round-robin over {@code customers} customers}
   *
   * @param count how many orders
   * @param customers how many customers
   */
  public static List<Order> orders(int count, int customers) {
    if (count < 0 || customers < 1) {
      throw new IllegalArgumentException("need count >= 0 and customers >= 1: " + count + ", " + customers);
    }
    int[] nextSequence = new int[customers];
    List<Order> orders = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      int c = n % customers;
      long cents = 500 + (n * 7919L) % 20_000;
      BigDecimal amount = BigDecimal.valueOf(cents, 2);
      if (n % POISON_EVERY == POISON_EVERY - 1) {
        amount = amount.negate();
      }
      orders.add(new Order(String.format("order-%05d", n), String.format("customer-%02d", c),
          nextSequence[c]++, amount));
    }
    return orders;
  }
}
