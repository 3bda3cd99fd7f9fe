package org.elbostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code elbostream --help} shows a newcomer. */
class HelpTest {

  @Test
  void shouldSumEveryCommandUpInOneWholeSentence() {
    CommandLine cli = Elbostream.commandLine();
    Map<String, CommandLine> commands = cli.getSubcommands();
    assertThat(commands).containsKeys("train", "score", "eval", "eval-suite", "schema", "serve", "tail", "demo");
    for (Map.Entry<String, CommandLine> c : commands.entrySet()) {
      CommandLine.Model.UsageMessageSpec usage = c.getValue().getCommandSpec().usageMessage();
      String summary = usage.header().length > 0 ? usage.header()[0] : usage.description()[0];
      assertThat(summary).as(c.getKey()).endsWith(".").hasSizeLessThanOrEqualTo(100);
    }
  }
}
