package dev.mq.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ThreadsTest {

  @Test
  void aThreadThatIgnoresItsInterruptIsReportedAfterTheBound() throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    Thread stubborn = new Thread(() -> {
      while (!stop.get()) {
        Thread.onSpinWait();
      }
    }, "stubborn");
    stubborn.start();
    try {
      stubborn.interrupt();
      assertThatThrownBy(() -> Threads.joinAll(List.of(stubborn), Duration.ofMillis(100)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("stubborn did not stop within PT0.1S");
    } finally {
      stop.set(true);
      stubborn.join();
    }
    assertThatCode(() -> Threads.joinAll(List.of(stubborn), Duration.ofMillis(100))).doesNotThrowAnyException();
  }

  @Test
  void anInterruptedCallerStopsWaitingAndKeepsItsFlag() throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    Thread busy = new Thread(() -> {
      while (!stop.get()) {
        Thread.onSpinWait();
      }
    }, "busy");
    busy.start();
    try {
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> Threads.joinAll(List.of(busy), Duration.ofSeconds(30)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("interrupted while waiting for busy");
      org.assertj.core.api.Assertions.assertThat(Thread.interrupted()).isTrue();
    } finally {
      stop.set(true);
      busy.join();
    }
  }
}
