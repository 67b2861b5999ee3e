package dev.mq.benchmarks.internal.kinesis;

import java.util.List;
import java.util.Locale;

/**
 * An SVG chart of a run, drawn without a library: on the left the throughput ratios (ours /
 * baseline, one bar per figure in msg/s, on a log scale, with its target marked), on the right
 * the latency percentiles of ours next to the baseline's, in milliseconds.
 */
public final class Chart {

  private static final int ROW = 22;
  private static final int LABEL = 330;
  private static final int BAR = 300;
  private static final int TOP = 50;
  private static final double MIN_RATIO = 0.1;
  private static final double MAX_RATIO = 100;

  private Chart() {}

  /** The chart for {@code figures}, titled {@code title}. */
  public static String svg(String title, List<Figure> figures) {
    List<Figure> throughput = figures.stream()
        .filter(f -> f.unit().equals("msg/s") && !Double.isNaN(f.ratio())).toList();
    List<Figure> latency = figures.stream().filter(f -> f.unit().equals("ms")).toList();
    int leftWidth = LABEL + BAR + 60;
    int rightWidth = LABEL + BAR + 60;
    int rows = Math.max(throughput.size(), latency.size() * 2);
    int height = TOP + rows * ROW + 60;
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
        + "height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", leftWidth + rightWidth, height));
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    text(sb, 10, 20, 15, "bold", title);
    throughputPanel(sb, throughput, 0);
    latencyPanel(sb, latency, leftWidth);
    sb.append("</svg>\n");
    return sb.toString();
  }

  /** Ratios are drawn on a log scale from 0.1x to 100x, so 0.8x and 10x targets both show. */
  private static double logX(double ratio) {
    double r = Math.max(MIN_RATIO, Math.min(MAX_RATIO, ratio));
    return BAR * (Math.log10(r) - Math.log10(MIN_RATIO))
        / (Math.log10(MAX_RATIO) - Math.log10(MIN_RATIO));
  }

  private static void throughputPanel(StringBuilder sb, List<Figure> figures, int x0) {
    text(sb, x0 + 10, TOP - 12, 13, "bold",
        "Throughput: ours / baseline, log scale (| = target)");
    for (int i = 0; i < figures.size(); i++) {
      Figure f = figures.get(i);
      int y = TOP + i * ROW;
      text(sb, x0 + 10, y + 14, 11, "normal", shorten(f.server() + " " + f.name() + " vs "
          + baselineShort(f), 58));
      double w = logX(f.ratio());
      String color = f.verdict().equals("NO") ? "#d9534f" : "#4a90d9";
      rect(sb, x0 + LABEL, y + 3, w, ROW - 6, color);
      text(sb, (int) (x0 + LABEL + w + 4), y + 14, 11, "normal", Figure.format(f.ratio()) + "x");
      if (!Double.isNaN(f.target())) {
        int tx = (int) (x0 + LABEL + logX(f.target()));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
            + "stroke=\"black\" stroke-width=\"2\"/>%n", tx, y + 1, tx, y + ROW - 1));
      }
    }
    int bottom = TOP + figures.size() * ROW;
    for (double tick : new double[] {0.1, 1, 10, 100}) {
      int tx = (int) (x0 + LABEL + logX(tick));
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
          + "stroke=\"#888\" stroke-dasharray=\"3,3\"/>%n", tx, TOP - 4, tx, bottom));
      text(sb, tx - 8, bottom + 14, 11, "normal", Figure.format(tick) + "x");
    }
  }

  private static void latencyPanel(StringBuilder sb, List<Figure> figures, int x0) {
    text(sb, x0 + 10, TOP - 12, 13, "bold", "Latency, ms: ours (blue) and baseline (grey)");
    double max = 1;
    for (Figure f : figures) {
      max = Math.max(max, Math.max(nan0(f.value()), nan0(f.baseline())));
    }
    double scale = BAR / max;
    for (int i = 0; i < figures.size(); i++) {
      Figure f = figures.get(i);
      int y = TOP + i * 2 * ROW;
      text(sb, x0 + 10, y + 14, 11, "normal", shorten(f.server() + " " + f.name(), 58));
      double w = nan0(f.value()) * scale;
      rect(sb, x0 + LABEL, y + 3, w, ROW - 8, "#4a90d9");
      text(sb, (int) (x0 + LABEL + w + 4), y + 13, 11, "normal", Figure.format(f.value()));
      double b = nan0(f.baseline()) * scale;
      rect(sb, x0 + LABEL, y + ROW, b, ROW - 8, "#aaaaaa");
      text(sb, (int) (x0 + LABEL + b + 4), y + ROW + 10, 11, "normal", Figure.format(f.baseline()));
    }
  }

  private static String baselineShort(Figure f) {
    String b = f.baselineName();
    int comma = b.indexOf(',');
    return comma > 0 ? b.substring(0, comma) : b;
  }

  private static double nan0(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static void rect(StringBuilder sb, int x, int y, double w, int h, String fill) {
    sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
        + "fill=\"%s\"/>%n", x, y, Math.max(0, w), h, fill));
  }

  private static void text(StringBuilder sb, int x, int y, int size, String weight, String s) {
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" "
        + "font-weight=\"%s\">%s</text>%n", x, y, size, weight, escape(s)));
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
