package dev.mq.benchmarks.internal.kinesis;

import dev.mq.kinesis.testing.EmulatorProcess;
import dev.mq.kinesis.testing.KinesisEmulators;
import dev.mq.kinesis.testing.KinesisEndpoint;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * One emulator started for the run, with what every scenario needs from it: clients, fresh
 * streams and the provider's configuration. Closing it stops the emulator.
 */
public final class Server implements AutoCloseable {

  /** The emulators the harness can start. */
  public enum Kind {
    /** kinesalite: fast, no fan-out. */
    KINESALITE("kinesalite"),
    /** kinesis-local (kinesis-mock): the reference, slows down as a stream fills. */
    KINESIS_LOCAL("kinesis-local");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The name used in tables and on the command line. */
    public String label() {
      return label;
    }

    /** The kind named {@code label}. */
    public static Kind of(String label) {
      for (Kind k : values()) {
        if (k.label.equals(label)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown server " + label
          + " (known: kinesalite, kinesis-local)");
    }
  }

  private final Kind kind;
  private final EmulatorProcess process;

  private Server(Kind kind, EmulatorProcess process) {
    this.kind = kind;
    this.process = process;
  }

  /**
   * Starts an emulator of this kind on free loopback ports, without persistence. The emulator
   * inherits this JVM's environment, so {@code NODE_OPTIONS} reaches it (see
   * {@code mq-benchmarks/src/main/node/tolerate-aborted-requests.js}).
   */
  public static Server start(Kind kind) {
    // kinesalite speaks JSON only; the provider's clients read this JVM-wide switch too, and the
    // other emulator accepts JSON as well.
    System.setProperty("aws.cborEnabled", "false");
    EmulatorProcess p = kind == Kind.KINESALITE
        ? KinesisEmulators.startKinesalite(null)
        : KinesisEmulators.startKinesisLocal(null);
    return new Server(kind, p);
  }

  /** Where the emulators are installed (the kinesis module's build puts them there). */
  public static Path emulatorsDirectory() {
    return KinesisEmulators.emulatorsDirectory();
  }

  /** Which emulator this is. */
  public Kind kind() {
    return kind;
  }

  /** Its name in tables. */
  public String label() {
    return kind.label();
  }

  /** The endpoint (clients and stream helpers). */
  public KinesisEndpoint endpoint() {
    return process.endpoint();
  }

  /** A synchronous client; the caller closes it. */
  public KinesisClient client() {
    return endpoint().syncClient();
  }

  /** A fresh ACTIVE stream. */
  public String createStream(String prefix, int shards) {
    return endpoint().createStream(prefix, shards);
  }

  /**
   * Deletes a stream, so that the emulator does not keep its records for the rest of the run.
   * Runs in cleanup: a failure is printed, not thrown, so that it cannot hide the failure that
   * led there.
   */
  public void deleteStream(String stream) {
    try {
      endpoint().deleteStream(stream);
    } catch (RuntimeException e) {
      System.err.println("could not delete stream " + stream + " on " + this + ": " + e);
    }
  }

  /**
   * The provider configuration for this server: memory checkpoints, a unique consumer group,
   * polling every 200 ms (the smallest interval the provider allows) when a shard is caught up.
   * Everything else keeps its default. A mutable copy.
   */
  public Map<String, String> providerConfig(String consumerGroup) {
    Map<String, String> c = endpoint().providerConfig();
    c.put("mq.kinesis.checkpoint-store", "memory");
    c.put("mq.kinesis.consumer-group", consumerGroup);
    c.put("mq.kinesis.poll-interval", "200ms");
    return c;
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return label() + " at " + endpoint().uri();
  }
}
