package org.elbostream.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** What a command run as a user runs it gave: its exit code and what it printed on stderr. */
record CommandResult(int code, String err) {
  static CommandResult run(String... args) {
    CommandLine cli = Elbostream.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    return new CommandResult(cli.execute(args), err.toString());
  }
}
