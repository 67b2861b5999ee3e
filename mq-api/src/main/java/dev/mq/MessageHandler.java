package dev.mq;

/**
 * Handles one delivered message in a {@linkplain MessageQueue#subscribe subscription}.
 *
 * <p>Returning normally acknowledges the message; throwing rejects it with requeue, so it is
 * delivered again until the attempt limit moves it to the dead-letter queue.
 */
@FunctionalInterface
public interface MessageHandler {

  /**
   * Processes one message.
   *
   * @param envelope the delivered message
   * @throws Exception any failure: the message is rejected with requeue
   */
  void handle(Envelope envelope) throws Exception;
}
