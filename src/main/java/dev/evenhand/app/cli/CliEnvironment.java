package dev.evenhand.app.cli;

import dev.evenhand.app.AppPaths;
import dev.evenhand.llm.RetryPolicy;
import java.util.Map;

/**
 * What the CLI takes from outside the command line: the user's directories, the environment variables
 * (for {@code OLLAMA_HOST}) and the retry policy (tests shorten the backoff).
 *
 * @param paths data and config directories
 * @param env   environment variables
 * @param retry retry policy of model calls
 */
public record CliEnvironment(AppPaths paths, Map<String, String> env, RetryPolicy retry) {
  /** @return the environment of this process with the default retry policy */
  public static CliEnvironment current() { return new CliEnvironment(AppPaths.fromEnvironment(), System.getenv(), RetryPolicy.DEFAULT); }
}
