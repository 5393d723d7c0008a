package dev.evenhand.testing;

import dev.evenhand.app.AppPaths;
import dev.evenhand.app.cli.Cli;
import dev.evenhand.app.cli.CliEnvironment;
import dev.evenhand.llm.RetryPolicy;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CLI in a child JVM, for tests that kill a process: the same {@link Cli#run} as the jar's
 * {@code Launcher}, with data and config folders under a test folder and retries that back off 20 ms
 * instead of seconds (so a fault-injecting fake Ollama does not make a test wait).
 */
public final class ChildCli {
  private ChildCli() {}

  /**
   * The child's entry point: runs one command line and exits with its code.
   *
   * @param args the command line, as for the jar
   */
  public static void main(String[] args) {
    AppPaths paths = AppPaths.fromEnvironment();
    System.setProperty("evenhand.logDir", paths.logDir().toString());
    CliEnvironment env = new CliEnvironment(paths, System.getenv(), new RetryPolicy(3, Duration.ofMillis(20), 2));
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = Cli.run(args, env, g -> { throw new IllegalStateException("no GUI in a child CLI"); }, out, err);
    System.exit(code);
  }

  /**
   * Starts {@code args} in a child JVM on the test class path.
   *
   * @param home   the folder whose {@code data} and {@code config} sub-folders the child uses
   * @param stdout where the child's stdout goes (replaced)
   * @param stderr where the child's stderr goes (replaced)
   * @param args   the command line
   * @return the running process
   * @throws IOException when the JVM cannot be started
   */
  public static Process start(Path home, Path stdout, Path stderr, String... args) throws IOException {
    return ChildJvm.start(home, stdout, stderr, ChildCli.class.getName(), args);
  }
}
