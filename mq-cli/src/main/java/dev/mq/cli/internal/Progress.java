package dev.mq.cli.internal;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A live progress bar on standard error (me.tongfei:progressbar) while long work runs, or nothing
 * when progress is off (not a terminal, or {@code --no-progress}).
 */
final class Progress implements AutoCloseable {

  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /**
   * A bar named {@code task} of {@code total} steps ({@code -1}: unknown), shown when {@code show}
   * is true, else a no-op.
   */
  static Progress start(boolean show, String task, long total, String unit) {
    if (!show) {
      return new Progress(null);
    }
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setUnit(" " + unit, 1)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
        .showSpeed()
        .build();
    return new Progress(bar);
  }

  /** Whether to show progress by default: only on an interactive terminal. */
  static boolean interactive() {
    return System.console() != null;
  }

  /** Adds {@code n} done steps. */
  void step(long n) {
    if (bar != null) {
      bar.stepBy(n);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
