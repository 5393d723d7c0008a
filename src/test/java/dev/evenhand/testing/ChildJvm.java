package dev.evenhand.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Starts a class of the test class path in a child JVM, with its own data and config folders, so tests can
 * kill it (SIGKILL) or run several at once on one database.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * @param home      data and config go under {@code home/data} and {@code home/config}
   * @param out       the child's stdout file
   * @param err       the child's stderr file
   * @param mainClass the class to run
   * @param args      its arguments
   * @return the running child
   * @throws IOException when it cannot be started
   */
  public static Process start(Path home, Path out, Path err, String mainClass, String... args) throws IOException {
    return start(home, out, err, List.of(), mainClass, args);
  }

  /**
   * As {@link #start(Path, Path, Path, String, String...)}, with options for the child's JVM.
   *
   * @param jvmOptions options put before the class path, e.g. {@code -Dprism.order=sw}
   */
  public static Process start(Path home, Path out, Path err, List<String> jvmOptions, String mainClass, String... args)
      throws IOException {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", cp, mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
    pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
    pb.environment().remove("OLLAMA_HOST"); // a child talks only to the fake server its test names
    return pb.start();
  }

  /**
   * Waits until {@code condition} holds.
   *
   * @param what    what never happened, for the failure message
   * @param seconds the deadline
   * @throws AssertionError when the deadline passes first
   */
  public static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
    org.awaitility.Awaitility.await(what).atMost(java.time.Duration.ofSeconds(seconds)).pollInterval(java.time.Duration.ofMillis(5))
        .until(condition::getAsBoolean);
  }

  /** Kills a child with SIGKILL and waits for it to be gone. */
  public static void kill(Process p) throws InterruptedException {
    p.destroyForcibly();
    if (!p.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("a killed child did not end within 30 s");
  }
}
