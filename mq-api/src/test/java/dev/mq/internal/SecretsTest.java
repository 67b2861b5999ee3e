package dev.mq.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mq.ConfigKeys;
import dev.mq.spi.ProviderConfig;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Secret values (SPEC 1.6) through every path of configuration: they appear in no exception message
 * of provider selection, key checking or value parsing, and in no {@code ProviderConfig.toString()}
 * — also not the secrets of another provider configured in the same map.
 */
class SecretsTest {

  private static final String SECRET = "hunter2-s3cr3t-value";
  private static final String OTHER_SECRET = "other-provider-s3cr3t";

  private final FakeProvider alpha = new FakeProvider("alpha");

  private static Map<String, String> config() {
    Map<String, String> c = new HashMap<>();
    c.put(ConfigKeys.PROVIDER, "alpha");
    c.put("mq.alpha.password", SECRET);
    c.put("mq.alpha.endpoint", "http://127.0.0.1:1");
    // one file may configure several providers; the other one's secret must not show either
    c.put("mq.beta.secret-access-key", OTHER_SECRET);
    return c;
  }

  @Test
  void failedConnectsNeverShowASecret() {
    List<String> shown = new ArrayList<>();
    Map<String, String> unknownKey = config();
    unknownKey.put("mq.alpha.passwrd", "typo");
    shown.add(String.valueOf(catchThrowable(() -> ProviderSelection.connect(unknownKey, List.of(alpha)))));
    Map<String, String> unknownCommon = config();
    unknownCommon.put("mq.no-such-key", "1");
    shown.add(String.valueOf(catchThrowable(() -> ProviderSelection.connect(unknownCommon, List.of(alpha)))));
    Map<String, String> malformedAttempts = config();
    malformedAttempts.put(ConfigKeys.MAX_DELIVERY_ATTEMPTS, "lots");
    shown.add(String.valueOf(catchThrowable(() -> ProviderSelection.connect(malformedAttempts, List.of(alpha)))));
    Map<String, String> unknownProvider = config();
    unknownProvider.put(ConfigKeys.PROVIDER, "gamma");
    shown.add(String.valueOf(catchThrowable(() -> ProviderSelection.connect(unknownProvider, List.of(alpha)))));
    assertThat(shown).hasSize(4).allSatisfy(s -> assertThat(s).isNotEqualTo("null")
        .doesNotContain(SECRET).doesNotContain(OTHER_SECRET));
  }

  @Test
  void malformedSecretValuesAreMaskedByEveryTypedGetter() {
    ProviderConfig c = new ProviderConfig("alpha", config(), Set.of("password"));
    List<Throwable> thrown = List.of(
        catchThrowable(() -> c.intValue("password", 0, 0, 10)),
        catchThrowable(() -> c.longValue("password", 0, 0, 10)),
        catchThrowable(() -> c.booleanValue("password", false)),
        catchThrowable(() -> c.duration("password", Duration.ZERO, Duration.ZERO, Duration.ofHours(1))),
        catchThrowable(() -> c.enumValue("password", ChronoUnit.class, ChronoUnit.SECONDS)));
    assertThat(thrown).allSatisfy(t -> assertThat(t.getMessage())
        .contains("mq.alpha.password").contains("****").doesNotContain(SECRET));
  }

  @Test
  void toStringMasksOwnSecretsAndLeavesOutOtherProvidersKeys() {
    ProviderConfig c = new ProviderConfig("alpha", config(), Set.of("password"));
    assertThat(c.toString())
        .contains("mq.alpha.password=****").contains("mq.alpha.endpoint=http://127.0.0.1:1")
        .doesNotContain(SECRET).doesNotContain(OTHER_SECRET).doesNotContain("mq.beta.");
  }
}
