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
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < 0 || end < begin) {
      throw new IllegalArgumentException(
          "the document needs a line " + BEGIN + " followed later by a line " + END);
    }
    if (document.indexOf(BEGIN, begin + 1) >= 0 || document.indexOf(END, end + 1) >= 0) {
      throw new IllegalArgumentException("the markers " + BEGIN + " and " + END + " must appear once");
    }
    String body = section.endsWith("\n") ? section : section + "\n";
    return document.substring(0, begin + BEGIN.length()) + "\n" + body + document.substring(end);
  }
}
