package dev.mq.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kit's own defaults. */
class MessageQueueTckTest {

  private final InMemoryTckTest tck = new InMemoryTckTest();

  @Test
  void uniqueNamesAreShortLowerCaseAndDistinct() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String name = tck.uniqueName();
      assertThat(name).matches("tck-[a-z0-9]{10}").hasSizeLessThan(100);
      names.add(name);
    }
    assertThat(names).hasSize(1000);
  }

  @Test
  void sizeHooksDefaultToOneMebibyte() {
    assertThat(tck.maxMessageSize()).isEqualTo(1_048_576);
    assertThat(tck.largeBodySize()).isLessThan(tck.maxMessageSize()).isPositive();
    assertThat(tck.tooLargeBodySize()).isGreaterThan(tck.maxMessageSize());
  }
}
