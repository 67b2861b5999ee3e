package dev.mq.benchmarks.internal.kinesis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Memory: a stream of {@value #SHARDS} shards is filled with the backlog (untimed, by the SDK
 * loop), then a child JVM with a small {@code -Xmx} drains it, once with a {@code subscribe}
 * (concurrency {@value MemoryChild#CONCURRENCY}) and once with the GetRecords loop. Each child
 * reports the highest heap in use right after a garbage collection and its drain time
 * ({@link MemoryChild}). Runs on kinesalite: kinesis-local slows down as a stream fills.
 */
public final class MemoryScenario {

  static final int SHARDS = 4;
  private static final long CHILD_BOUND_SECONDS = 240;

  private final Server server;
  private final Sizes sizes;
  private final Progress progress;

  /** A scenario against {@code server}. */
  public MemoryScenario(Server server, Sizes sizes, Progress progress) {
    this.server = server;
    this.sizes = sizes;
    this.progress = progress;
  }

  /** Two figures: peak heap after GC, and drain rate, each against the GetRecords loop. */
  public List<Figure> run() {
    int backlog = sizes.memoryBacklog();
    String stream = server.createStream("bench-memory", SHARDS);
    try (KinesisClient client = server.client()) {
      progress.say("memory " + server.label() + ": filling " + backlog + " messages");
      int chunk = 50_000;
      for (int done = 0; done < backlog; done += chunk) {
        int n = Math.min(chunk, backlog - done);
        SdkLoops.putBatches(client, stream, Messages.fresh(n), ProducerScenario.LOOP_THREADS);
        progress.say("memory " + server.label() + ": filled " + (done + n) + "/" + backlog);
      }
      Map<String, String> ours = child("ours", stream, backlog);
      Map<String, String> sdk = child("sdk", stream, backlog);
      String heap = "-Xmx" + sizes.memoryHeap() + ", " + backlog + " msgs, " + SHARDS + " shards";
      String note = heap + "; ours: peak sampled " + ours.get("peakUsedMiB") + " MiB, "
          + ours.get("gcs") + " GCs (" + ours.get("collectors").replace('_', ' ') + ")"
          + "; loop: peak after GC " + sdk.get("peakAfterGcMiB") + " MiB";
      double oursRate = backlog / Double.parseDouble(ours.get("seconds"));
      double sdkRate = backlog / Double.parseDouble(sdk.get("seconds"));
      return List.of(
          new Figure("memory", server.label(), "subscribe drain: peak heap after GC",
              Double.parseDouble(ours.get("peakAfterGcMiB")), "GetRecords loop, same heap",
              Double.parseDouble(sdk.get("peakAfterGcMiB")), "MiB", Double.NaN, false, note),
          new Figure("memory", server.label(), "subscribe drain rate, -Xmx" + sizes.memoryHeap(),
              oursRate, "GetRecords loop, same heap", sdkRate, "msg/s", Double.NaN, true,
              "child JVM wall time incl. connect and close: ours " + ours.get("seconds")
                  + " s, loop " + sdk.get("seconds") + " s"));
    } finally {
      server.deleteStream(stream);
    }
  }

  /** Runs one child JVM to its end and returns the fields of its RESULT line. */
  private Map<String, String> child(String mode, String stream, int expected) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx" + sizes.memoryHeap(),
        "-Daws.cborEnabled=false", "-cp", System.getProperty("java.class.path"),
        MemoryChild.class.getName(), mode, server.endpoint().uri().toString(), stream,
        Integer.toString(expected), Long.toString(CHILD_BOUND_SECONDS)));
    progress.say("memory " + server.label() + ": child JVM -Xmx" + sizes.memoryHeap() + " drains "
        + expected + " with " + (mode.equals("ours") ? "subscribe" : "the GetRecords loop"));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the memory child JVM: " + e.getMessage(), e);
    }
    Map<String, String> result = null;
    StringBuilder tail = new StringBuilder();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("PROGRESS ")) {
          progress.say("memory " + mode + ": " + line.substring(9) + "/" + expected + " read");
        } else if (line.startsWith("RESULT ")) {
          result = fields(line.substring(7));
        } else {
          tail.append(line).append('\n');
          if (tail.length() > 4000) {
            tail.delete(0, tail.length() - 4000);
          }
        }
      }
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      p.destroyForcibly();
      throw new IllegalStateException("memory child output unreadable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (result == null || p.exitValue() != 0) {
      throw new IllegalStateException("memory child (" + mode + ") failed with exit code "
          + p.exitValue() + "; result " + result + "; output:\n" + tail);
    }
    progress.say(String.format(Locale.ROOT, "memory %s: %s msgs in %s s, peak heap after GC %s MiB",
        mode, result.get("received"), result.get("seconds"), result.get("peakAfterGcMiB")));
    return result;
  }

  static Map<String, String> fields(String line) {
    Map<String, String> m = new HashMap<>();
    for (String part : line.trim().split(" ")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        m.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return m;
  }
}
