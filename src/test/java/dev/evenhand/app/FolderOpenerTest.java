package dev.evenhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Help, Open log folder: when no file manager takes the folder (xdg-open exits non-zero, or is not there), the screen is
 * told the folder so it can show its path; when one takes it, nothing more is said. Commands stand in for xdg-open.
 */
class FolderOpenerTest {
  @TempDir Path home;

  private Path notOpened(List<String> command) throws Exception {
    CompletableFuture<Path> told = new CompletableFuture<>();
    Path folder = home.resolve("logs " + command.get(0).replace('/', '_'));
    new FolderOpener(command, f -> told.complete(Path.of("elsewhere")), told::complete).accept(folder);
    assertThat(folder).as("made when missing").isDirectory();
    try {
      return told.get(FolderOpener.WAIT_SECONDS + 15, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return null;
    }
  }

  @Test
  void aCommandThatFailsOrIsMissingTellsTheFolderAndOneThatOpensItDoesNot() throws Exception {
    assertThat(notOpened(List.of("false"))).as("xdg-open's exit 3, say: no handler").isEqualTo(home.resolve("logs false"));
    assertThat(notOpened(List.of(home.resolve("no-such-opener").toString()))).as("no xdg-open at all").isNotNull();
    assertThat(new FolderOpener(List.of("true"), f -> { }, f -> { }).open(home.resolve("ok"))).isTrue();
    assertThat(new FolderOpener(List.of("false"), f -> { }, f -> { }).open(home.resolve("ok"))).isFalse();
  }
}
