package dev.evenhand.testing;

import dev.evenhand.app.AppPaths;
import dev.evenhand.app.cli.Cli;
import dev.evenhand.app.cli.CliEnvironment;
import dev.evenhand.llm.RetryPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Runs the CLI in-process with its own data and config folders, capturing stdout and stderr. */
public final class CliRunner {
  /** What a command printed and returned. */
  public record Result(int exit, String out, String err) {}

  private final Path home;
  private final Map<String, String> env;

  /**
   * @param home a temporary folder: data and config go under it
   * @param env  environment variables the CLI sees (OLLAMA_HOST)
   */
  public CliRunner(Path home, Map<String, String> env) {
    this.home = home;
    this.env = env;
  }

  /** @return the paths the CLI uses */
  public AppPaths paths() { return new AppPaths(home.resolve("data"), home.resolve("config")); }

  /** Runs one command line; retries back off 10 ms so fault tests stay fast. */
  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.run(args, new CliEnvironment(paths(), env, new RetryPolicy(3, Duration.ofMillis(10), 2)),
        g -> { throw new AssertionError("the GUI must not open in a CLI test"); }, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }
}
