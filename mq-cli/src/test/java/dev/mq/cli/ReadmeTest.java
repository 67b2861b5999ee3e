package dev.mq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.MessageQueues;
import dev.mq.cli.internal.Session;
import dev.mq.cli.internal.StopSignal;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The module README names every command and option that {@code mq --help} knows. */
class ReadmeTest {

  @Test
  void readmeListsEveryCommandAndOption() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Session session = new Session(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        new ByteArrayInputStream(new byte[0]), MessageQueues::connect, new StopSignal());
    List<String> missing = new ArrayList<>();
    check(Mq.commandLine(session), readme, missing);
    assertThat(missing).isEmpty();
  }

  private static void check(CommandLine cl, String readme, List<String> missing) {
    for (OptionSpec o : cl.getCommandSpec().options()) {
      if (!readme.contains("`" + o.longestName()) && !readme.contains("/" + o.longestName())) {
        missing.add(cl.getCommandSpec().qualifiedName() + " " + o.longestName());
      }
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      String name = sub.getCommandName();
      if (!readme.contains("`" + sub.getCommandSpec().qualifiedName()) && !readme.contains("`" + name + " ")
          && !readme.contains("|" + name) && !readme.contains(" " + name + "|")) {
        missing.add("command " + sub.getCommandSpec().qualifiedName());
      }
      check(sub, readme, missing);
    }
  }
}
