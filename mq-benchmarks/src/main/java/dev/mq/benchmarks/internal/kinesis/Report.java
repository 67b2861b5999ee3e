package dev.mq.benchmarks.internal.kinesis;

import java.util.ArrayList;
import java.util.List;

/** The summary of a run: a plain-text table for the console and a Markdown table for the doc. */
public final class Report {

  private static final String[] HEADERS = {"scenario", "server", "measured", "value", "baseline",
      "baseline value", "ratio", "target", "met"};

  private Report() {}

  /** A fixed-width table, one row per figure, for the console. */
  public static String table(List<Figure> figures) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADERS);
    for (Figure f : figures) {
      rows.add(cells(f));
    }
    int[] width = new int[HEADERS.length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      for (int i = 0; i < row.length; i++) {
        boolean number = r > 0 && (i == 3 || i == 5 || i == 6);
        String cell = number ? pad(row[i], width[i], true) : pad(row[i], width[i], false);
        sb.append(i == 0 ? "" : "  ").append(cell);
      }
      sb.append('\n');
      if (r == 0) {
        for (int i = 0; i < width.length; i++) {
          sb.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /** A Markdown table, one row per figure, with the notes in a last column. */
  public static String markdown(List<Figure> figures) {
    StringBuilder sb = new StringBuilder();
    sb.append("| ").append(String.join(" | ", HEADERS)).append(" | notes |\n");
    sb.append("|").append(" --- |".repeat(HEADERS.length + 1)).append('\n');
    for (Figure f : figures) {
      String[] c = cells(f);
      sb.append("| ").append(String.join(" | ", c)).append(" | ")
          .append(f.note().replace("|", "/")).append(" |\n");
    }
    return sb.toString();
  }

  private static String[] cells(Figure f) {
    return new String[] {f.scenario(), f.server(), f.name(),
        Figure.format(f.value()) + " " + f.unit(), f.baselineName(),
        Figure.format(f.baseline()) + " " + f.unit(), Figure.format(f.ratio()) + "x",
        f.targetText(), f.verdict()};
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - s.length()));
    return right ? fill + s : s + fill;
  }
}
