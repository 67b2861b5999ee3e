package dev.mq.examples;

import dev.mq.Envelope;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * One order of the example, and how it travels as a message: the customer is the partition key,
 * so one customer's orders are processed in the order they were placed.
 *
 * @param id the order id, used as the message id
 * @param customer the customer, also the partition key
 * @param sequence the order's position among its customer's orders, from 0
 * @param amount the order's amount; a negative one is invalid ("poison")
 */
public record Order(String id, String customer, int sequence, BigDecimal amount) {

  /** Property holding the customer. */
  public static final String CUSTOMER = "customer";
  /** Property holding the amount, as a decimal string. */
  public static final String AMOUNT = "amount";
  /** Property holding the per-customer sequence. */
  public static final String SEQUENCE = "sequence";

  /** {@return the order as a message} */
  public Envelope toEnvelope() {
    return Envelope.builder()
        .messageId(id)
        .partitionKey(customer)
        .property(CUSTOMER, customer)
        .property(AMOUNT, amount.toPlainString())
        .property(SEQUENCE, Integer.toString(sequence))
        .body(("{\"order\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /**
   * Reads an order back from a message.
   *
   * @param e a message made by {@link #toEnvelope()}
   * @return the order it carries
   * @throws IllegalArgumentException if a property is missing or malformed
   */
  public static Order fromEnvelope(Envelope e) {
    String customer = e.property(CUSTOMER).orElseThrow(() -> missing(e, CUSTOMER));
    String amount = e.property(AMOUNT).orElseThrow(() -> missing(e, AMOUNT));
    String sequence = e.property(SEQUENCE).orElseThrow(() -> missing(e, SEQUENCE));
    try {
      return new Order(e.messageId(), customer, Integer.parseInt(sequence), new BigDecimal(amount));
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException("message " + e.messageId() + " has a malformed number", ex);
    }
  }

  /** {@return true when the amount is negative: the processor always refuses such an order} */
  public boolean isPoison() {
    return amount.signum() < 0;
  }

  private static IllegalArgumentException missing(Envelope e, String property) {
    return new IllegalArgumentException("message " + e.messageId() + " lacks property " + property);
  }
}
