package dev.mq.kinesis.testing;

import java.io.IOException;
import java.net.URI;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One emulator (a node process) on a fixed loopback port. It can be stopped and started again on
 * the same port, which with persistence enabled simulates a broker restart. Output goes to a log
 * file next to the emulators. Thread-safe; {@link #close()} is idempotent.
 *
 * <p>Close every client of a persistent kinesis-local before {@link #stop()}: its graceful
 * shutdown (which writes the data file) waits for open connections, and when TERM does not end it
 * within the bound the process is killed and the data since its start is lost.
 */
public final class EmulatorProcess implements AutoCloseable {

  /** How the harness decides the emulator is ready. */
  enum Readiness {
    /** {@code GET /healthcheck} answers 200 (kinesis-local). */
    HEALTHCHECK,
    /** Any HTTP answer at all (kinesalite has no health endpoint). */
    ANY_HTTP_RESPONSE
  }

  private static final Duration READY_WAIT = Duration.ofSeconds(60);
  private static final Duration TERM_WAIT = Duration.ofSeconds(15);
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  private final String name;
  private final List<String> command;
  private final Path workingDirectory;
  private final Map<String, String> environment;
  private final int port;
  private final Readiness readiness;
  private final Path logFile;
  private final KinesisEndpoint endpoint;
  private Process process;

  EmulatorProcess(String name, List<String> command, Path workingDirectory,
      Map<String, String> environment, int port, Readiness readiness, Path logFile,
      KinesisEndpoint.Flavor flavor) {
    this.name = name;
    this.command = List.copyOf(command);
    this.workingDirectory = workingDirectory;
    this.environment = Map.copyOf(environment);
    this.port = port;
    this.readiness = readiness;
    this.logFile = logFile;
    this.endpoint = new KinesisEndpoint(URI.create("http://127.0.0.1:" + port), flavor);
  }

  /** The endpoint; stays the same across {@link #stop()} and {@link #start()}. */
  public KinesisEndpoint endpoint() {
    return endpoint;
  }

  /** The plain HTTP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Whether the process is running. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Starts the process, unless it runs already, and waits (bounded) until it answers.
   *
   * @throws IllegalStateException if it exits or does not answer in time; the message holds
   *     the end of its log
   */
  public synchronized EmulatorProcess start() {
    if (isRunning()) {
      return this;
    }
    try {
      Files.createDirectories(logFile.getParent());
      ProcessBuilder pb = new ProcessBuilder(command)
          .directory(workingDirectory.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      pb.environment().putAll(environment);
      process = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + " (" + String.join(" ", command)
          + "): " + e.getMessage() + "; is node on the PATH?", e);
    }
    awaitReady();
    return this;
  }

  /** Stops the process: TERM, a bounded wait, then KILL. Does nothing when it is not running. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    Process p = process;
    process = null;
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    if (!waitFor(p, TERM_WAIT)) {
      // kinesis-local was seen ignoring TERM after heavy load
      p.destroyForcibly();
      waitFor(p, KILL_WAIT);
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  private void awaitReady() {
    URI probe = URI.create("http://127.0.0.1:" + port
        + (readiness == Readiness.HEALTHCHECK ? "/healthcheck" : "/"));
    Duration bound = TestTimeouts.scaled(READY_WAIT);
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        int code = process.exitValue();
        process = null;
        throw new IllegalStateException(name + " exited with code " + code + " before it was ready; "
            + "log " + logFile + ":\n" + logTail());
      }
      if (answers(probe)) {
        return;
      }
      TestStreams.sleep(Duration.ofMillis(50));
    }
    stop();
    throw new IllegalStateException(name + " did not answer " + probe + " within " + bound
        + "; log " + logFile + ":\n" + logTail());
  }

  /**
   * One probe on a connection that is closed afterwards: kinesis-local's graceful shutdown waits
   * for open connections, so a pooled keep-alive connection would make TERM hang.
   */
  private boolean answers(URI probe) {
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) probe.toURL().openConnection(Proxy.NO_PROXY);
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      c.setUseCaches(false);
      c.setRequestProperty("Connection", "close");
      int status = c.getResponseCode();
      return readiness == Readiness.ANY_HTTP_RESPONSE || status == 200;
    } catch (IOException e) {
      return false;
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private static boolean waitFor(Process p, Duration d) {
    try {
      return p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public String toString() {
    return "EmulatorProcess[" + name + " on 127.0.0.1:" + port + "]";
  }
}
