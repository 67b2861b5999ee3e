package dev.mq.kinesis.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Prints the counts of a fault run and appends them to {@code target/fault-report.txt}, the
 * source of the table in {@code docs/reliability.md}.
 */
final class FaultReport {

  private FaultReport() {}

  static synchronized void record(String test, Object counts, Object details) {
    String line = Instant.now() + " " + (FaultSettings.isLong() ? "long" : "short") + " " + test
        + ": " + counts + (details == null ? "" : " | " + details);
    System.out.println(line);
    try {
      Files.writeString(Path.of("target", "fault-report.txt"), line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.out.println("could not append to target/fault-report.txt: " + e);
    }
  }
}
