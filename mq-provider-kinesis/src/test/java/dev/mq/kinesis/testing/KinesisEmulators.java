package dev.mq.kinesis.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Finds or starts the Kinesis a test talks to.
 *
 * <p>{@link #shared()} resolves one endpoint per test JVM, in this order:
 * <ol>
 *   <li>the environment variable {@code MQ_KINESIS_ENDPOINT} or the system property
 *       {@code mqtest.kinesis.endpoint}, when set (nothing is started);
 *   <li>kinesis-local, installed by the Maven build into {@code target/emulators}, started once
 *       on free loopback ports and stopped when the JVM ends;
 *   <li>LocalStack in Docker through Testcontainers, when Docker is available;
 *   <li>otherwise it fails and says how to provide one.
 * </ol>
 *
 * <p>{@link #startKinesisLocal(Path)} and {@link #startKinesalite(Path)} start further,
 * independent instances that the caller stops, restarts and closes; with a data directory they
 * keep their data across a restart (for durability tests).
 */
public final class KinesisEmulators {

  /** System property naming the folder that holds {@code node_modules} of the emulators. */
  public static final String EMULATORS_DIR_PROPERTY = "mqtest.kinesis.emulators-dir";
  /** System property naming an existing Kinesis endpoint to use instead of an emulator. */
  public static final String ENDPOINT_PROPERTY = "mqtest.kinesis.endpoint";
  /** Environment variable naming an existing Kinesis endpoint to use instead of an emulator. */
  public static final String ENDPOINT_ENV = "MQ_KINESIS_ENDPOINT";

  private static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4";
  private static final String FAST = "50ms";
  private static final List<String> KINESIS_LOCAL_DURATIONS = List.of(
      "CREATE_STREAM_DURATION", "DELETE_STREAM_DURATION",
      "SPLIT_SHARD_DURATION", "MERGE_SHARDS_DURATION", "UPDATE_SHARD_COUNT_DURATION",
      "UPDATE_STREAM_MODE_DURATION", "REGISTER_STREAM_CONSUMER_DURATION",
      "DEREGISTER_STREAM_CONSUMER_DURATION", "START_STREAM_ENCRYPTION_DURATION",
      "STOP_STREAM_ENCRYPTION_DURATION");

  private static final Set<AutoCloseable> RUNNING = ConcurrentHashMap.newKeySet();
  private static KinesisEndpoint shared;
  private static AutoCloseable sharedResource;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(KinesisEmulators::closeAll,
        "kinesis-emulators-shutdown"));
  }

  private KinesisEmulators() {}

  /** The endpoint shared by every test of this JVM; starts it on first use. */
  public static synchronized KinesisEndpoint shared() {
    if (shared == null) {
      shared = resolveShared();
    }
    return shared;
  }

  /** Stops the shared emulator, if this class started one. Idempotent. */
  static synchronized void stopShared() {
    if (sharedResource != null) {
      closeQuietly(sharedResource);
      RUNNING.remove(sharedResource);
      sharedResource = null;
    }
    shared = null;
  }

  /**
   * Starts a new kinesis-local. With {@code dataDirectory} it writes its streams there when it
   * is stopped (gracefully: {@link EmulatorProcess#stop()} sends TERM first) and loads them when
   * it starts again, so a test can {@code stop()} and {@code start()} it to simulate a broker
   * restart. A KILL loses what was written since the last start. The caller closes it.
   */
  public static EmulatorProcess startKinesisLocal(Path dataDirectory) {
    Path packageDir = requirePackage("kinesis-local", "main.js");
    int plainPort = freePort();
    int tlsPort = freePort();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plainPort));
    env.put("KINESIS_MOCK_TLS_PORT", Integer.toString(tlsPort));
    env.put("LOG_LEVEL", "WARN");
    env.put("ROOT_LOG_LEVEL", "ERROR");
    env.put("SHARD_LIMIT", "2000");
    env.put("ON_DEMAND_STREAM_COUNT_LIMIT", "100");
    KINESIS_LOCAL_DURATIONS.forEach(k -> env.put(k, FAST));
    if (dataDirectory != null) {
      createDirectories(dataDirectory);
      env.put("SHOULD_PERSIST_DATA", "true");
      env.put("LOAD_DATA_IF_EXISTS", "true");
      env.put("PERSIST_PATH", dataDirectory.toAbsolutePath().toString());
      // kinesis-local writes its file at a graceful stop; a periodic write racing that final
      // write was seen to leave an empty file, so periodic writes are effectively off.
      env.put("PERSIST_INTERVAL", "1h");
    }
    List<String> command = List.of("node", "-r", preload().toString(), "main.js");
    EmulatorProcess p = new EmulatorProcess("kinesis-local", command, packageDir, env, plainPort,
        EmulatorProcess.Readiness.HEALTHCHECK, logFile("kinesis-local", plainPort),
        KinesisEndpoint.Flavor.KINESIS_LOCAL);
    return track(p).start();
  }

  /**
   * Starts a new kinesalite (fast, but without UpdateShardCount, consumers or ChildShards).
   * Clients made from its endpoint turn the SDK's CBOR off JVM-wide. With {@code dataDirectory}
   * it keeps its data there across a restart. The caller closes it.
   */
  public static EmulatorProcess startKinesalite(Path dataDirectory) {
    Path packageDir = requirePackage("kinesalite", "cli.js");
    int port = freePort();
    List<String> command = new ArrayList<>(List.of("node", "-r", preload().toString(), "cli.js",
        "--port", Integer.toString(port), "--createStreamMs", "50", "--deleteStreamMs", "50",
        "--updateStreamMs", "50", "--shardLimit", "1000"));
    if (dataDirectory != null) {
      createDirectories(dataDirectory);
      command.add("--path");
      command.add(dataDirectory.toAbsolutePath().toString());
    }
    EmulatorProcess p = new EmulatorProcess("kinesalite", command, packageDir, Map.of(), port,
        EmulatorProcess.Readiness.ANY_HTTP_RESPONSE, logFile("kinesalite", port),
        KinesisEndpoint.Flavor.KINESALITE);
    return track(p).start();
  }

  /**
   * Starts a new dynalite (DynamoDB) bound to 127.0.0.1, in memory; ready when it answers HTTP.
   * The caller closes it (TERM, then KILL).
   */
  public static EmulatorProcess startDynalite() {
    Path packageDir = requirePackage("dynalite", "cli.js");
    int port = freePort();
    Path survive = emulatorsDirectory().resolve("dynalite-preload.js");
    if (!Files.isRegularFile(survive)) {
      throw new IllegalStateException("missing " + survive + "; it is copied there by the Maven build");
    }
    List<String> command = List.of("node", "-r", preload().toString(), "-r", survive.toString(), "cli.js",
        "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--createTableMs", "50", "--deleteTableMs", "50", "--updateTableMs", "50");
    EmulatorProcess p = new EmulatorProcess("dynalite", command, packageDir, Map.of(), port,
        EmulatorProcess.Readiness.ANY_HTTP_RESPONSE, logFile("dynalite", port),
        KinesisEndpoint.Flavor.DYNALITE);
    return track(p).start();
  }

  /** The folder holding the emulators' {@code node_modules} (installed by the Maven build). */
  public static Path emulatorsDirectory() {
    return Path.of(System.getProperty(EMULATORS_DIR_PROPERTY, "target/emulators")).toAbsolutePath();
  }

  /** Whether kinesis-local is installed where the harness looks for it. */
  public static boolean kinesisLocalInstalled() {
    return Files.isRegularFile(packageDirectory("kinesis-local").resolve("main.js"));
  }

  /** A port that was free on 127.0.0.1 a moment ago. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  private static KinesisEndpoint resolveShared() {
    String given = System.getProperty(ENDPOINT_PROPERTY);
    if (given == null || given.isBlank()) {
      given = System.getenv(ENDPOINT_ENV);
    }
    if (given != null && !given.isBlank()) {
      return new KinesisEndpoint(URI.create(given.trim()), KinesisEndpoint.Flavor.EXTERNAL);
    }
    if (kinesisLocalInstalled()) {
      EmulatorProcess p = startKinesisLocal(null);
      sharedResource = p;
      return p.endpoint();
    }
    if (dockerAvailable()) {
      return startLocalStack();
    }
    throw noEndpoint();
  }

  /** The failure when nothing can supply an endpoint; says how to provide one. */
  static IllegalStateException noEndpoint() {
    return new IllegalStateException("no Kinesis endpoint for the tests: kinesis-local is not "
        + "installed in " + packageDirectory("kinesis-local") + " and Docker is not available. "
        + "Run the tests through Maven with node and npm on the PATH (the build installs the "
        + "emulators), or set " + ENDPOINT_ENV + " (or -D" + ENDPOINT_PROPERTY
        + ") to a running Kinesis-compatible endpoint, or start Docker for LocalStack.");
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static KinesisEndpoint startLocalStack() {
    int hostPort = freePort();
    // Testcontainers publishes on every interface by default; pin the port to loopback.
    @SuppressWarnings("resource") // closed by the shutdown hook or the extension
    LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
        .withServices("kinesis")
        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
            new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort),
                ExposedPort.tcp(4566))));
    container.start();
    AutoCloseable stop = container::stop;
    sharedResource = track(stop);
    return new KinesisEndpoint(URI.create("http://127.0.0.1:" + hostPort),
        KinesisEndpoint.Flavor.LOCALSTACK, container.getAccessKey(), container.getSecretKey());
  }

  private static <T extends AutoCloseable> T track(T resource) {
    RUNNING.add(resource);
    return resource;
  }

  private static void closeAll() {
    for (AutoCloseable c : List.copyOf(RUNNING)) {
      closeQuietly(c);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      System.err.println("could not stop " + c + ": " + e);
    }
  }

  private static Path requirePackage(String name, String entryPoint) {
    Path dir = packageDirectory(name);
    if (!Files.isRegularFile(dir.resolve(entryPoint))) {
      throw new IllegalStateException(name + " is not installed in " + dir + "; the Maven build "
          + "installs it during process-test-resources (node and npm must be on the PATH), or run "
          + "`npm ci` in " + emulatorsDirectory());
    }
    return dir;
  }

  private static Path packageDirectory(String name) {
    return emulatorsDirectory().resolve("node_modules").resolve(name);
  }

  private static Path preload() {
    Path p = emulatorsDirectory().resolve("loopback-preload.js");
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("missing " + p + "; it is copied there by the Maven build");
    }
    return p;
  }

  private static Path logFile(String name, int port) {
    return emulatorsDirectory().resolve("logs").resolve(name + "-" + port + ".log");
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
