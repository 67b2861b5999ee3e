package dev.mq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPushExceptionTest {

  private final Envelope refused = Envelope.of("refused");
  private final Envelope unknown = Envelope.of("unknown");
  private final BatchPushException e = new BatchPushException(5, List.of(
      new BatchPushException.Failure(refused, new MessagingException("throttled")),
      new BatchPushException.Failure(unknown, new PushOutcomeUnknownException("answer lost"))));

  @Test
  void aFailureWhoseOutcomeIsUnknownIsMaybeWrittenAndNotNotWritten() {
    assertThat(e.notWritten()).containsExactly(refused);
    assertThat(e.maybeWritten()).containsExactly(unknown);
    assertThat(e.failures()).extracting(BatchPushException.Failure::envelope)
        .containsExactly(refused, unknown);
    assertThat(e.failures()).extracting(BatchPushException.Failure::maybeWritten)
        .containsExactly(false, true);
  }

  @Test
  void theMessageCountsBothKinds() {
    assertThat(e).hasMessageStartingWith(
        "1 of 5 messages were not written and 1 may or may not have been written");
    assertThat(new BatchPushException(2, List.of(
        new BatchPushException.Failure(refused, new MessagingException("x")))))
        .hasMessageStartingWith("1 of 2 messages were not written;");
  }
}
