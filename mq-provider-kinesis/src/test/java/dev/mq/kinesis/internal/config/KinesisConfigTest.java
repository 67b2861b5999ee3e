package dev.mq.kinesis.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The key list of {@link KinesisConfig} is complete, and the README describes each key once. */
class KinesisConfigTest {

  /** The key-name constants: public static String fields that are not defaults or patterns. */
  private static Set<String> keyConstants() throws IllegalAccessException {
    Set<String> keys = new HashSet<>();
    for (Field f : KinesisConfig.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class
          && !f.getName().startsWith("DEFAULT_")) {
        keys.add((String) f.get(null));
      }
    }
    return keys;
  }

  @Test
  void everyKeyConstantIsAKnownKey() throws IllegalAccessException {
    assertThat(KinesisConfig.KEYS).containsExactlyInAnyOrderElementsOf(keyConstants());
    assertThat(KinesisConfig.KEYS).containsAll(KinesisConfig.PRODUCER_KEYS)
        .containsAll(KinesisConfig.FILE_STORE_KEYS).containsAll(KinesisConfig.DYNAMODB_STORE_KEYS)
        .containsAll(KinesisConfig.SECRET_KEYS);
  }

  @Test
  void theReadmeDescribesEveryKeyInExactlyOneTableRow() throws IOException {
    Pattern row = Pattern.compile("^\\| `([a-z0-9-]+)` \\|", Pattern.MULTILINE);
    List<String> described = new ArrayList<>();
    Matcher m = row.matcher(Files.readString(Path.of("README.md")));
    while (m.find()) {
      if (KinesisConfig.KEYS.contains(m.group(1))) {
        described.add(m.group(1));
      }
    }
    assertThat(described).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(KinesisConfig.KEYS);
  }
}
