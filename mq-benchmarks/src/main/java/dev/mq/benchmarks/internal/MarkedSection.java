package dev.mq.benchmarks.internal;

/**
 * Replaces the text between two marker lines of a document, so a generated section can be
 * refreshed while the hand-written text around it stays.
 */
public final class MarkedSection {

  private MarkedSection() {}

  /** The line that opens section {@code name}: {@code <!-- name:begin -->}. */
  public static String begin(String name) {
    return "<!-- " + name + ":begin -->";
  }

  /** The line that closes section {@code name}: {@code <!-- name:end -->}. */
  public static String end(String name) {
    return "<!-- " + name + ":end -->";
  }

  /**
   * The document with everything between {@link #begin} and {@link #end} of {@code name}
   * replaced by {@code section}; the markers stay. A document can hold several generated
   * sections under different names.
   *
   * @throws IllegalArgumentException if the markers are missing, repeated or out of order
   */
  public static String replace(String document, String name, String section) {
    String open = begin(name);
    String close = end(name);
    int from = document.indexOf(open);
    int to = document.indexOf(close);
    if (from < 0 || to < 0 || to < from) {
      throw new IllegalArgumentException(
          "the document needs a line " + open + " followed later by a line " + close);
    }
    if (document.indexOf(open, from + 1) >= 0 || document.indexOf(close, to + 1) >= 0) {
      throw new IllegalArgumentException("the markers " + open + " and " + close + " must appear once");
    }
    String body = section.endsWith("\n") ? section : section + "\n";
    return document.substring(0, from + open.length()) + "\n" + body + document.substring(to);
  }
}
