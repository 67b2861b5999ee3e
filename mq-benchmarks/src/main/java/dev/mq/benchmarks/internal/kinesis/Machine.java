package dev.mq.benchmarks.internal.kinesis;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Facts about the machine and the emulators, for the report. */
public final class Machine {

  private Machine() {}

  /** Cores, memory, OS, JDK, node and emulator versions, and the load average now. */
  public static String describe() {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return String.format(Locale.ROOT,
        "%d cores, %.1f GiB memory, %s %s (%s); JDK %s %s; node %s; kinesalite %s, kinesis-local %s",
        Runtime.getRuntime().availableProcessors(),
        os.getTotalMemorySize() / (1024.0 * 1024 * 1024), System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("os.arch"),
        System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
        nodeVersion(), emulatorVersion("kinesalite"), emulatorVersion("kinesis-local"));
  }

  /** The 1-minute load average (other processes compete for the cores). */
  public static String load() {
    return String.format(Locale.ROOT, "%.2f",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static String nodeVersion() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return v;
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static String emulatorVersion(String name) {
    Path pkg = Server.emulatorsDirectory().resolve("node_modules").resolve(name).resolve("package.json");
    try {
      Matcher m = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(pkg));
      return m.find() ? m.group(1) : "unknown";
    } catch (IOException e) {
      return "not installed";
    }
  }
}
