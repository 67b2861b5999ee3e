package dev.mq.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A provider's internal classes do not name its public entry class (the class its
 * {@code META-INF/services} file registers), not even for a constant. Read from the sources:
 * the compiler inlines constants, so the class files of {@link ModuleBoundariesTest} do not show
 * such a use.
 */
class EntryClassImportsTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String SERVICES = "src/main/resources/META-INF/services/dev.mq.spi.QueueProvider";

  @Test
  @DisplayName("no internal class of a provider names the provider's entry class")
  void internalsDoNotNameTheEntryClass() throws IOException {
    List<Path> providers = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      modules.filter(m -> Files.isRegularFile(m.resolve(SERVICES))).forEach(providers::add);
    }
    assertThat(providers).as("provider modules under %s", ROOT).hasSizeGreaterThanOrEqualTo(3);
    List<String> breaches = new ArrayList<>();
    for (Path module : providers) {
      for (String entry : Files.readAllLines(module.resolve(SERVICES))) {
        entry = entry.strip();
        if (entry.isEmpty() || entry.startsWith("#")) {
          continue;
        }
        String simpleName = entry.substring(entry.lastIndexOf('.') + 1);
        try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
          for (Path source : (Iterable<Path>) sources.filter(p -> p.toString().endsWith(".java"))
              .filter(p -> p.toString().contains("/internal/"))::iterator) {
            String text = Files.readString(source);
            if (text.contains("import " + entry + ";") || text.contains(entry + ".")) {
              breaches.add(ROOT.relativize(source) + " names " + simpleName);
            }
          }
        }
      }
    }
    assertThat(breaches).as("internal classes naming their provider's entry class").isEmpty();
  }
}
