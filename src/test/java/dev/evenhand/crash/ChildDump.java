package dev.evenhand.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a child JVM that overran was doing: its threads' stacks, taken with the JDK's {@code jstack} before it
 * is killed, so a harness failure explains itself (which lock, which read, which wait).
 */
final class ChildDump {
  private ChildDump() {}

  /**
   * Takes the child's thread dump with {@code jstack -l} (the running JDK's, else the one on the PATH); when
   * that fails, asks the JVM for it with SIGQUIT, which prints it to the child's stdout.
   *
   * @param child  the running child
   * @param stdout the child's stdout file (where a SIGQUIT dump goes)
   * @param file   where the dump is written
   * @return the dump, or a sentence saying why there is none; never throws
   */
  static String threads(Process child, Path stdout, Path file) {
    String dump;
    try {
      dump = jstack(child.pid());
      if (!dump.contains("\"main\"")) dump = dump + "\n" + sigquit(child, stdout);
    } catch (IOException e) {
      dump = "jstack failed: " + e + "\n" + sigquit(child, stdout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while taking the thread dump";
    }
    try {
      Files.writeString(file, dump);
    } catch (IOException e) {
      dump = dump + "\n(could not write " + file + ": " + e + ")";
    }
    return dump;
  }

  private static String jstack(long pid) throws IOException, InterruptedException {
    Path jdk = Path.of(System.getProperty("java.home"), "bin", "jstack");
    String tool = Files.isExecutable(jdk) ? jdk.toString() : "jstack";
    Process p = new ProcessBuilder(List.of(tool, "-l", Long.toString(pid))).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "jstack did not end within 60 s";
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** SIGQUIT makes a HotSpot JVM print every thread's stack to its stdout and go on running. */
  private static String sigquit(Process child, Path stdout) {
    try {
      Process k = new ProcessBuilder("kill", "-QUIT", Long.toString(child.pid())).start();
      k.waitFor(10, TimeUnit.SECONDS);
      org.awaitility.Awaitility.await("the child's SIGQUIT thread dump in " + stdout).atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> Files.readString(stdout).contains("Full thread dump"));
      String out = Files.readString(stdout);
      return out.substring(out.indexOf("Full thread dump"));
    } catch (IOException | RuntimeException e) {
      return "no SIGQUIT dump either: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while waiting for the SIGQUIT dump";
    }
  }

  /**
   * The harness's own JVM, which also runs the fake Ollama the child talks to: a heap near its limit or long
   * garbage collections there (late in {@code mvn verify}) slow every answer the child waits for.
   *
   * @return heap used and max in MB, each collector's count and total time, live threads; then the stacks of the
   *     fake server's threads
   */
  static String harnessState() {
    Runtime rt = Runtime.getRuntime();
    StringBuilder sb = new StringBuilder(String.format("harness JVM: heap %d of %d MB used", (rt.totalMemory() - rt.freeMemory()) >> 20,
        rt.maxMemory() >> 20));
    for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      sb.append(String.format(", %s %d collections in %.1f s", gc.getName(), gc.getCollectionCount(), gc.getCollectionTime() / 1000.0));
    }
    sb.append(", ").append(java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount()).append(" threads");
    // the fake server's side of the calls the child waits for: its handler threads (fake-ollama-N) and HttpServer's dispatcher
    Thread.getAllStackTraces().forEach((t, stack) -> {
      if (!t.getName().startsWith("fake-ollama-") && !t.getName().startsWith("HTTP-Dispatcher")) return;
      sb.append("\n\"").append(t.getName()).append("\" ").append(t.getState());
      for (int i = 0; i < Math.min(stack.length, 12); i++) sb.append("\n    at ").append(stack[i]);
    });
    return sb.toString();
  }

  /**
   * @param file  a text file (a child's stderr)
   * @param lines how many lines from its end
   * @return its last lines, or a note when it cannot be read
   */
  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
