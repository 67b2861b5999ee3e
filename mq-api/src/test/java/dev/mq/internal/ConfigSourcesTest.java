package dev.mq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigSourcesTest {

  @Test
  void environmentVariablesMapToKeys() {
    Map<String, String> env = Map.of(
        "MQ_PROVIDER", "kinesis",
        "MQ_MAX_DELIVERY_ATTEMPTS", "5",
        "MQ_KINESIS_ACCESS_KEY_ID", "AKIA",
        "MQ_UNKNOWNPROVIDER_X_Y", "1",
        "PATH", "/bin",
        "MQ_", "ignored");
    assertThat(ConfigSources.fromEnvironment(env, Set.of("kinesis", "inmemory"))).containsOnly(
        Map.entry("mq.provider", "kinesis"),
        Map.entry("mq.max-delivery-attempts", "5"),
        Map.entry("mq.kinesis.access-key-id", "AKIA"),
        Map.entry("mq.unknownprovider-x-y", "1"));
  }

  @Test
  void propertiesKeepOnlyMqKeys() {
    Properties p = new Properties();
    p.setProperty("mq.provider", "inmemory");
    p.setProperty("java.home", "/x");
    assertThat(ConfigSources.fromProperties(p)).containsOnly(Map.entry("mq.provider", "inmemory"));
  }

  @Test
  void classpathFileIsReadWhenPresent() {
    // src/test/resources/mq.properties sets mq.dead-letter-queue and a non-mq key
    assertThat(ConfigSources.classpathFile(getClass().getClassLoader()))
        .containsOnly(Map.entry("mq.dead-letter-queue", "from-file"), Map.entry("mq.max-delivery-attempts", "7"));
  }

  @Test
  void systemPropertiesOverrideTheFile() {
    String key = "mq.max-delivery-attempts";
    String old = System.getProperty(key);
    System.setProperty(key, "9");
    try {
      Map<String, String> merged = ConfigSources.merged(java.util.List.of());
      assertThat(merged).containsEntry(key, "9").containsEntry("mq.dead-letter-queue", "from-file");
    } finally {
      if (old == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, old);
      }
    }
  }
}
