package org.elbostream.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** What a command run as a user runs it gave: its exit code and what it printed on stdout and stderr. */
record CommandResult(int code, String out, String err) {
  static CommandResult run(String... args) {
    CommandLine cli = Elbostream.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = cli.execute(args);
      return new CommandResult(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(stdout);
      stdout.print(out.toString(StandardCharsets.UTF_8)); // still in the test's log
    }
  }
}
