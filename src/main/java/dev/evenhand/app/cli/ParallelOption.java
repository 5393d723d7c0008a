package dev.evenhand.app.cli;

import picocli.CommandLine.Option;

/** {@code --parallel S} of the commands that run a batch on Ollama ({@code generate}, {@code audit}); a picocli mixin. */
public final class ParallelOption {
  @Option(names = "--parallel", paramLabel = "S", converter = OptionTypes.Slots.class,
      description = "requests running per host, 1 to 64 (default: the setting, else 1; match OLLAMA_NUM_PARALLEL); "
          + "generate sends as many more to wait in Ollama's queue, so no slot idles between calls") Integer parallel;

  /** @return the requests in flight per host asked for, or null for the default */
  public Integer value() { return parallel; }
}
