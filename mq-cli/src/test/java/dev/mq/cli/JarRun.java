package dev.mq.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built jar ({@code target/mq.jar}, system property {@code mqtest.cli.jar}, set by failsafe)
 * as a child process, with a bounded wait.
 */
final class JarRun {

  /** The exit code and output of one run. */
  record Result(int exit, String out, String err) {}

  private JarRun() {}

  static Result run(Path workDir, String stdin, long timeoutMinutes, String... args)
      throws IOException, InterruptedException {
    String jar = System.getProperty("mqtest.cli.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("no built jar at mqtest.cli.jar=" + jar + "; run through mvn verify");
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    Path in = Files.createTempFile(workDir, "in", ".txt");
    Files.writeString(in, stdin);
    Process p = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("mq " + String.join(" ", args) + " did not end within "
          + timeoutMinutes + " minutes; output so far: " + Files.readString(out) + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
