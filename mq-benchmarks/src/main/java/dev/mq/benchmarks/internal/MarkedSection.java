package dev.mq.benchmarks.internal;

/**
 * Replaces the text between two marker lines of a document, so a generated section can be
 * refreshed while the hand-written text around it stays.
 */
public final class MarkedSection {

  /** Line that opens the generated section. */
  public static final String BEGIN = "<!-- benchmark-results:begin -->";
  /** Line that closes the generated section. */
  public static final String END = "<!-- benchmark-results:end -->";

  private MarkedSection() {}

  /**
   * The document with everything between {@link #BEGIN} and {@link #END} replaced by
   * {@code section}; the markers stay.
   *
   * @throws IllegalArgumentException if the markers are missing, repeated or out of order
   */
  public static String replace(String document, String section) {
    return replace(document, BEGIN, END, section);
  }

  /**
   * The document with everything between the lines {@code <!-- name:begin -->} and
   * {@code <!-- name:end -->} replaced by {@code section}; the markers stay. A document can hold
   * several generated sections under different names.
   *
   * @throws IllegalArgumentException if the markers are missing, repeated or out of order
   */
  public static String replace(String document, String name, String section) {
    return replace(document, "<!-- " + name + ":begin -->", "<!-- " + name + ":end -->", section);
  }

  private static String replace(String document, String open, String close, String section) {
    int begin = document.indexOf(open);
    int end = document.indexOf(close);
    if (begin < 0 || end < 0 || end < begin) {
      throw new IllegalArgumentException(
          "the document needs a line " + open + " followed later by a line " + close);
    }
    if (document.indexOf(open, begin + 1) >= 0 || document.indexOf(close, end + 1) >= 0) {
      throw new IllegalArgumentException("the markers " + open + " and " + close + " must appear once");
    }
    String body = section.endsWith("\n") ? section : section + "\n";
    return document.substring(0, begin + open.length()) + "\n" + body + document.substring(end);
  }
}
