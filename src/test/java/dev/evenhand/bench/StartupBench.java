package dev.evenhand.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up (issue 12, point 9): starts the built jar's GUI once on empty data and config folders (it creates the
 * database), then {@code bench.starts} times more (default 9) on that database, the usual start, and prints every
 * time from process start to the first window shown, and the median of the usual starts. The app itself logs that time ("first window shown N ms after the process
 * started", measured from the process's start instant to the stage's WINDOW_SHOWN event); this reads it
 * from each run's log. Needs a display: {@code DISPLAY} set, or {@code Xvfb} on the PATH (it then starts
 * one). Needs the jar: run {@code mvn -B package -DskipTests} first. Extra JVM options for the child go
 * in {@code -Dbench.jvm="..."} (e.g. a class-data-sharing archive). Prints figures; fails on no time. Run:
 * {@code mvn -B -Pbench verify -Dtest=StartupBench}.
 */
class StartupBench {
  private static final Pattern SHOWN = Pattern.compile("first window shown (\\d+) ms after the process started");
  @TempDir Path home;

  @Test
  void firstWindowFromTheJar() throws Exception {
    Path jar = Path.of("target", "evenhand.jar").toAbsolutePath();
    Assumptions.assumeTrue(Files.isRegularFile(jar), "no " + jar + ": run mvn -B package -DskipTests first");
    Process xvfb = null;
    String display = System.getenv("DISPLAY");
    if (display == null) {
      Optional<Path> server = onPath("Xvfb");
      Assumptions.assumeTrue(server.isPresent(), "no DISPLAY and no Xvfb on the PATH");
      display = ":" + (90 + (int) (ProcessHandle.current().pid() % 9));
      xvfb = new ProcessBuilder(server.get().toString(), display, "-screen", "0", "1400x900x24").redirectErrorStream(true)
          .redirectOutput(home.resolve("xvfb.log").toFile()).start();
    }
    try {
      int starts = Integer.getInteger("bench.starts", 9);
      // the first start creates the database (and runs every migration); the usual start opens an existing one
      long first = startOnce(jar, display, home.resolve("run"), 0);
      List<Long> millis = new ArrayList<>();
      for (int i = 1; i <= starts; i++) millis.add(startOnce(jar, display, home.resolve("run"), i));
      System.out.printf("[startup] first start (creates the database): %d ms%n", first);
      List<Long> sorted = new ArrayList<>(millis);
      Collections.sort(sorted);
      System.out.printf("[startup] %d starts of %s on that database, first window (ms): %s%n", starts, jar.getFileName(), millis);
      System.out.printf("[startup] median %d ms, min %d ms, max %d ms; load average %s%n", sorted.get(sorted.size() / 2),
          sorted.get(0), sorted.get(sorted.size() - 1), Files.readString(Path.of("/proc/loadavg")).trim());
      assertThat(millis).hasSize(starts);
    } finally {
      if (xvfb != null) xvfb.destroy();
    }
  }

  /** @return the first-window time the app logged as its {@code nth} line of that kind in this data folder's log */
  private static long startOnce(Path jar, String display, Path dir, int nth) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String extra = System.getProperty("bench.jvm", "").trim();
    if (!extra.isEmpty()) cmd.addAll(List.of(extra.split("\\s+")));
    cmd.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(Files.createDirectories(dir).resolve("out" + nth + ".txt").toFile());
    pb.environment().put("DISPLAY", display);
    pb.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
    pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
    pb.environment().put("OLLAMA_HOST", "http://127.0.0.1:9"); // nothing answers there: the bar says so at once
    Process app = pb.start();
    Path log = dir.resolve("data").resolve("evenhand").resolve("logs").resolve("evenhand.log");
    long[] shown = {-1};
    Files.createDirectories(dir);
    try {
      Awaitility.await("the first window of run " + dir.getFileName() + " (log " + log + ")").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!app.isAlive()) throw new AssertionError("the app ended before showing a window; see " + dir.resolve("out" + nth + ".txt"));
            if (!Files.isRegularFile(log)) return false;
            Matcher m = SHOWN.matcher(Files.readString(log, StandardCharsets.UTF_8));
            for (int seen = 0; m.find(); seen++) if (seen == nth) shown[0] = Long.parseLong(m.group(1));
            return shown[0] >= 0;
          });
    } finally {
      app.destroy();
      if (!app.waitFor(30, TimeUnit.SECONDS)) app.destroyForcibly();
    }
    return shown[0];
  }

  private static Optional<Path> onPath(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }
}
