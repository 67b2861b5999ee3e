package dev.mq.benchmarks;

import dev.mq.benchmarks.internal.MarkedSection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replaces one generated section of a document with the text of a file: the lines between
 * {@code <!-- name:begin -->} and {@code <!-- name:end -->}, see {@link MarkedSection}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.mq.benchmarks.UpdateDoc <doc.md> <name> <file>}.
 */
public final class UpdateDoc {

  private UpdateDoc() {}

  /** Updates the section; exits 2 on bad arguments or a document without the markers. */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: UpdateDoc <doc.md> <section name> <file with the new section>");
      System.exit(2);
      return;
    }
    try {
      update(Path.of(args[0]), args[1], Path.of(args[2]));
    } catch (IllegalArgumentException e) {
      System.err.println("UpdateDoc: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Writes {@code doc} with section {@code name} replaced by the text of {@code section}. */
  static void update(Path doc, String name, Path section) throws IOException {
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    String updated = MarkedSection.replace(text, name, Files.readString(section, StandardCharsets.UTF_8));
    Files.writeString(doc, updated, StandardCharsets.UTF_8);
  }
}
