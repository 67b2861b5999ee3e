package dev.mq.benchmarks.internal.kinesis;

import java.io.PrintStream;
import java.util.Locale;

/** Timestamped progress lines, so a long run shows where it is. Thread-safe. */
public final class Progress {

  private final PrintStream out;
  private final long start = System.nanoTime();

  /** Prints to {@code out}. */
  public Progress(PrintStream out) {
    this.out = out;
  }

  /** Prints {@code [mm:ss] message}. */
  public synchronized void say(String message) {
    long s = (System.nanoTime() - start) / 1_000_000_000L;
    out.printf(Locale.ROOT, "[%02d:%02d] %s%n", s / 60, s % 60, message);
    out.flush();
  }

  /** Seconds since this object was made. */
  public double elapsedSeconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
