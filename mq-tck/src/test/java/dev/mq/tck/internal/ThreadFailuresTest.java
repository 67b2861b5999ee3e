package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThreadFailuresTest {

  @Test
  void nothingRecordedPasses() {
    ThreadFailures f = new ThreadFailures();
    f.guard("fine", () -> { });
    assertThat(f.isEmpty()).isTrue();
    assertThatCode(f::assertNone).doesNotThrowAnyException();
  }

  @Test
  void guardRecordsExceptionsAndAssertionErrorsInsteadOfThrowing() {
    ThreadFailures f = new ThreadFailures();
    f.guard("handler", () -> {
      throw new IllegalStateException("boom");
    });
    f.guard("check", () -> {
      throw new AssertionError("wrong");
    });
    f.fail("a plain message");
    assertThat(f.isEmpty()).isFalse();
    assertThatThrownBy(f::assertNone)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("3 failure(s)")
        .hasMessageContaining("handler failed")
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
  }
}
