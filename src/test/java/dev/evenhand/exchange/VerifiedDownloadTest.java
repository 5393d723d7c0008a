package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evenhand.testing.GenmoServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VerifiedDownload}: a stalled body is given up after the stall timeout; progress counts every byte. */
class VerifiedDownloadTest {
  @TempDir Path dir;

  @Test
  void aStalledBodyIsCutShortAfterTheStallTimeoutAndNothingIsKept() throws Exception {
    try (GenmoServer server = new GenmoServer("[{}]".repeat(2_000).getBytes(StandardCharsets.UTF_8))) {
      VerifiedDownload d = new VerifiedDownload(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(500));
      Path target = dir.resolve("out/file.json");
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> d.fetch(URI.create(server.url("/slow.json")), server.sha256(), target, (r, t) -> { }, () -> false))
          .isInstanceOf(DownloadException.class).hasMessageContaining("was cut short after").hasMessageContaining("(no data for 500 ms)")
          .extracting(e -> ((DownloadException) e).kind()).isEqualTo(DownloadException.Kind.CUT_SHORT);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("given up near the stall timeout, not the server's 60 s").isLessThan(Duration.ofSeconds(20));
      try (Stream<Path> left = Files.list(target.getParent())) {
        assertThat(left).as("neither the file nor a temporary is left").isEmpty();
      }
    }
  }

  @Test
  void progressReportsEveryByteAndTheTotal() throws Exception {
    byte[] body = "[]".repeat(40_000).getBytes(StandardCharsets.UTF_8);
    try (GenmoServer server = new GenmoServer(body)) {
      List<long[]> seen = new ArrayList<>();
      Path target = dir.resolve("file.json");
      String sha = new VerifiedDownload().fetch(URI.create(server.url("/genmo.json")), server.sha256(), target,
          (r, t) -> seen.add(new long[] {r, t}), () -> false);
      assertThat(sha).isEqualTo(server.sha256());
      assertThat(Files.readAllBytes(target)).isEqualTo(body);
      assertThat(seen.get(0)).containsExactly(0L, (long) body.length);
      assertThat(seen.get(seen.size() - 1)).containsExactly((long) body.length, (long) body.length);
    }
  }
}
