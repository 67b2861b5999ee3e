package dev.mq.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.ConfigurationException;
import dev.mq.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

/** The provider support layer of dev.mq.spi: one implementation of what every provider needs. */
class SupportLayerTest {

  @Test
  void utf8LengthMatchesTheEncoderAndRefusesUnpairedSurrogates() {
    for (String s : new String[] {"", "abc", "\u00e9", "\u20ac", "\ud83d\ude00", "a\u00e9\u20ac\ud83d\ude00z",
        "\u07ff\u0800\uffff"}) {
      assertThat(Utf8.length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
      assertThat(Utf8.unpairedSurrogateAt(s)).as(s).isEqualTo(-1);
    }
    assertThat(Utf8.length("ab\ud800")).isEqualTo(-1);
    assertThat(Utf8.length("ab\udc00c")).isEqualTo(-1);
    assertThat(Utf8.unpairedSurrogateAt("ab\ud800")).isEqualTo(2);
    assertThat(Utf8.unpairedSurrogateAt("\ud83d\ude00\udc00")).isEqualTo(2);
  }

  @Test
  void utf8WellFormedRefusesOverlongSurrogatesAndTruncation() {
    byte[] good = "a\u00e9\u20ac\ud83d\ude00".getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.isWellFormed(good, 0, good.length)).isTrue();
    assertThat(Utf8.isWellFormed(good, 0, good.length - 1)).as("truncated").isFalse();
    assertThat(Utf8.isWellFormed(new byte[] {(byte) 0xC0, (byte) 0x80}, 0, 2)).as("overlong").isFalse();
    assertThat(Utf8.isWellFormed(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3)).as("surrogate").isFalse();
    assertThat(Utf8.isWellFormed(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, 0, 4))
        .as("above U+10FFFF").isFalse();
  }

  @Test
  void namesFollowSpecRule85() {
    assertThat(Names.isValid("Az09._-")).isTrue();
    assertThat(Names.isValid("a".repeat(255))).isTrue();
    assertThat(Names.isValid("a".repeat(256))).isFalse();
    for (String bad : new String[] {"", "has space", "slash/name", "\u00fcmlaut", "colon:name", "tab\t"}) {
      assertThat(Names.isValid(bad)).as(bad).isFalse();
      assertThatThrownBy(() -> Names.check(bad, "queue name")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'").hasMessageContaining("queue name").hasMessageContaining("255");
    }
    assertThat(Names.isValid(null)).isFalse();
    assertThatThrownBy(() -> Names.check(null, "consumer group")).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("consumer group");
    assertThat(Names.isValid("a".repeat(10), 9)).isFalse();
    assertThat(Names.rule(128)).contains("1 to 128 characters");
  }

  @Test
  void deadLetterReasonsAreShortenedByOneRule() {
    assertThat(DeadLetterReasons.shorten(null)).isEqualTo("rejected");
    assertThat(DeadLetterReasons.shorten("short")).isEqualTo("short");
    String exact = "x".repeat(DeadLetters.MAX_REASON_LENGTH);
    assertThat(DeadLetterReasons.shorten(exact)).isSameAs(exact);
    String cut = DeadLetterReasons.shorten("y".repeat(100_000));
    assertThat(cut).hasSize(DeadLetters.MAX_REASON_LENGTH).endsWith("...").startsWith("yyy");
    assertThat(cut.substring(0, 1021)).isEqualTo("y".repeat(1021));
    assertThat(DeadLetterReasons.shorten("a \udc00 b")).isEqualTo("a \ufffd b");
    assertThat(DeadLetterReasons.of(null, false, 3)).isEqualTo("rejected");
    assertThat(DeadLetterReasons.of(null, true, 3)).isEqualTo("rejected at the limit of 3 delivery attempts");
    assertThat(DeadLetterReasons.of("z".repeat(5000), true, 3)).hasSize(DeadLetters.MAX_REASON_LENGTH);
  }

  @Test
  void backoffGrowsExponentiallyUpToTheCapWithJitterInTheUpperHalf() {
    Backoff b = new Backoff(Duration.ofMillis(10), Duration.ofMillis(100));
    assertThat(b.ceilingNanos(1)).isEqualTo(Duration.ofMillis(10).toNanos());
    assertThat(b.ceilingNanos(0)).isEqualTo(Duration.ofMillis(10).toNanos());
    assertThat(b.ceilingNanos(2)).isEqualTo(Duration.ofMillis(20).toNanos());
    assertThat(b.ceilingNanos(4)).isEqualTo(Duration.ofMillis(80).toNanos());
    assertThat(b.ceilingNanos(5)).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(b.ceilingNanos(80)).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(b.ceilingNanos(Integer.MAX_VALUE)).as("no overflow").isEqualTo(Duration.ofMillis(100).toNanos());
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2_000; i++) {
      long d = b.delayNanos(3);
      assertThat(d).isBetween(Duration.ofMillis(20).toNanos(), Duration.ofMillis(40).toNanos());
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    // the jitter spreads over the whole upper half, not just near one end
    assertThat(min).isLessThan(Duration.ofMillis(25).toNanos());
    assertThat(max).isGreaterThan(Duration.ofMillis(35).toNanos());
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deliveryTagsRecogniseOnlyTheirOwnIssuedTags() {
    DeliveryTags mine = new DeliveryTags("test");
    DeliveryTags other = new DeliveryTags("test");
    long first = mine.next();
    String tag = mine.tag(first);
    assertThat(tag).startsWith("test:");
    assertThat(mine.delivery(tag)).isEqualTo(first);
    assertThat(mine.isOwn(tag)).isTrue();
    assertThat(other.isOwn(tag)).isFalse();
    assertThat(other.delivery(tag)).isEqualTo(-1);
    assertThat(mine.delivery(mine.tag(first + 1))).as("never issued").isEqualTo(-1);
    assertThat(mine.delivery(tag + "x")).isEqualTo(-1);
    assertThat(mine.delivery(mine.tag(0))).isEqualTo(-1);
    assertThat(mine.delivery(tag + "99999999999999999999")).as("overflow").isEqualTo(-1);
    assertThat(mine.delivery(null)).isEqualTo(-1);
    assertThat(mine.delivery("nonsense")).isEqualTo(-1);
  }

  @Test
  void daemonThreadsAreNamedAndDaemons() {
    ThreadFactory f = DaemonThreads.factory("mq-test-pool");
    Thread a = f.newThread(() -> { });
    Thread b = f.newThread(() -> { });
    assertThat(a.isDaemon()).isTrue();
    assertThat(a.getName()).isEqualTo("mq-test-pool-1");
    assertThat(b.getName()).isEqualTo("mq-test-pool-2");
  }

  @Test
  void malformedNamesKeyAndValueAndMasksSecrets() {
    ProviderConfig c = new ProviderConfig("p", Map.of(), Set.of("secret"));
    assertThat(c.malformed("endpoint", "ftp://x", "an http:// URL")).isInstanceOf(ConfigurationException.class)
        .hasMessage("configuration key mq.p.endpoint has the malformed value 'ftp://x'; expected an http:// URL");
    assertThat(c.malformed("secret", "hunter2", "a key")).hasMessageNotContaining("hunter2")
        .hasMessageContaining("mq.p.secret");
    assertThat(ProviderConfig.malformedValue("mq.x", "v", "w"))
        .hasMessage("configuration key mq.x has the malformed value 'v'; expected w");
  }

  @Test
  void deadLetterTemplateIsCheckedWithTheProvidersRule() {
    ProviderConfig c = ProviderConfig.of("p", Map.of("mq.dead-letter-queue", "{queue}-dead"));
    assertThat(c.deadLetterQueue("orders")).contains("orders-dead");
    assertThat(c.deadLetterQueue("orders", n -> n.length() <= 11, Names.rule(11))).contains("orders-dead");
    assertThatThrownBy(() -> c.deadLetterQueue("orders2", n -> n.length() <= 11, Names.rule(11)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("mq.dead-letter-queue")
        .hasMessageContaining("'orders2-dead'").hasMessageContaining("1 to 11 characters");
    ProviderConfig spaced = ProviderConfig.of("p", Map.of("mq.dead-letter-queue", "{queue} dead"));
    assertThatThrownBy(() -> spaced.deadLetterQueue("q")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'q dead'");
  }
}
