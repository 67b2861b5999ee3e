package dev.mq.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.ConfigurationException;
import dev.mq.MessageQueues;
import dev.mq.ProviderNotFoundException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderSelectionTest {

  private final FakeProvider alpha = new FakeProvider("alpha");
  private final FakeProvider beta = new FakeProvider("beta");

  @Test
  void selectsByName() {
    assertThat(ProviderSelection.connect(Map.of("mq.provider", "beta"), List.of(alpha, beta)).provider())
        .isEqualTo("beta");
    assertThat(beta.lastConfig.provider()).isEqualTo("beta");
  }

  @Test
  void usesTheOnlyProviderWhenNoNameIsGiven() {
    assertThat(ProviderSelection.connect(Map.of(), List.of(alpha)).provider()).isEqualTo("alpha");
  }

  @Test
  void noProviderIsAClearError() {
    assertThatThrownBy(() -> ProviderSelection.connect(Map.of(), List.of()))
        .isInstanceOf(ProviderNotFoundException.class).hasMessageContaining("no queue provider");
  }

  @Test
  void unknownNameListsTheAvailableOnes() {
    assertThatThrownBy(() -> ProviderSelection.connect(Map.of("mq.provider", "gamma"), List.of(alpha, beta)))
        .isInstanceOf(ProviderNotFoundException.class)
        .hasMessageContaining("gamma").hasMessageContaining("[alpha, beta]");
  }

  @Test
  void severalProvidersWithoutANameIsAnError() {
    assertThatThrownBy(() -> ProviderSelection.connect(Map.of(), List.of(alpha, beta)))
        .isInstanceOf(ProviderNotFoundException.class).hasMessageContaining("[alpha, beta]")
        .hasMessageContaining("mq.provider");
  }

  @Test
  void twoProvidersWithOneNameIsAnError() {
    assertThatThrownBy(() -> ProviderSelection.connect(Map.of("mq.provider", "alpha"),
        List.of(alpha, new FakeProvider("alpha"))))
        .isInstanceOf(ProviderNotFoundException.class).hasMessageContaining("'alpha'");
  }

  @Test
  void unknownKeyInTheProvidersNamespaceNamesTheKeyAndTheValidOnes() {
    assertThatThrownBy(() -> ProviderSelection.connect(
        Map.of("mq.provider", "alpha", "mq.alpha.endpiont", "x"), List.of(alpha, beta)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.alpha.endpiont")
        .hasMessageContaining("mq.alpha.endpoint").hasMessageContaining("mq.alpha.password");
  }

  @Test
  void unknownCommonKeyIsAnError() {
    assertThatThrownBy(() -> ProviderSelection.connect(Map.of("mq.max-delivery-attempt", "3"), List.of(alpha)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("mq.max-delivery-attempt")
        .hasMessageContaining("mq.max-delivery-attempts");
  }

  @Test
  void otherProvidersKeysAndForeignKeysAreIgnored() {
    ProviderSelection.connect(Map.of("mq.provider", "alpha", "mq.beta.whatever", "1", "other.key", "x"),
        List.of(alpha, beta));
    assertThat(alpha.lastConfig).isNotNull();
  }

  @Test
  void malformedCommonValueFailsBeforeConnecting() {
    assertThatThrownBy(() -> ProviderSelection.connect(Map.of("mq.max-delivery-attempts", "many"), List.of(alpha)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.max-delivery-attempts").hasMessageContaining("many");
    assertThat(alpha.lastConfig).isNull();
  }

  @Test
  void nullValuesAreRejected() {
    Map<String, String> config = new java.util.HashMap<>();
    config.put("mq.provider", null);
    assertThatThrownBy(() -> ProviderSelection.connect(config, List.of(alpha)))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void serviceLoaderFindsNoProviderInThisModule() {
    assertThat(MessageQueues.providers()).isEmpty();
    assertThatThrownBy(() -> MessageQueues.connect(Map.of())).isInstanceOf(ProviderNotFoundException.class);
  }
}
