package dev.evenhand.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Opens a folder in the desktop's file manager, and says where the folder is when none opens it. JavaFX's
 * {@code HostServices.showDocument} reports nothing when no application takes the folder (it prints "No application is
 * registered" on stderr, which a GUI user never sees: a newcomer's Help, Open log folder did nothing), so on Linux the
 * folder goes to {@code xdg-open}, whose exit code tells (0 opened; 1 to 4 an error, no tool or no handler: the
 * xdg-utils manual). Elsewhere the desktop's own call is used.
 */
final class FolderOpener implements Consumer<Path> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FolderOpener.class);
  /** How long {@code xdg-open} may take to hand the folder over before it counts as failed, in seconds. */
  static final long WAIT_SECONDS = 15;

  private final List<String> command;
  private final Consumer<Path> elsewhere;
  private final Consumer<Path> notOpened;

  /**
   * @param command   the opener's command line before the folder (Linux: {@code xdg-open}); empty to use {@code elsewhere}
   * @param elsewhere opens the folder where there is no such command (the desktop's own call), reporting nothing
   * @param notOpened told, on a thread of its own, the folder no file manager opened (the screen then shows its path)
   */
  FolderOpener(List<String> command, Consumer<Path> elsewhere, Consumer<Path> notOpened) {
    this.command = List.copyOf(command);
    this.elsewhere = elsewhere;
    this.notOpened = notOpened;
  }

  /** @return the opener for this system: {@code xdg-open} on Linux, the desktop's call elsewhere */
  static FolderOpener forThisSystem(Consumer<Path> elsewhere, Consumer<Path> notOpened) {
    boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
    return new FolderOpener(linux ? List.of("xdg-open") : List.of(), elsewhere, notOpened);
  }

  /** Creates the folder when missing, then opens it; returns at once (the opener runs on a thread of its own). */
  @Override
  public void accept(Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      LOG.warn("cannot create {}", folder, e);
    }
    if (command.isEmpty()) {
      elsewhere.accept(folder);
      return;
    }
    Thread t = new Thread(() -> {
      if (!open(folder)) notOpened.accept(folder);
    }, "open-folder");
    t.setDaemon(true);
    t.start();
  }

  /** @return true when the command took the folder (exit 0 within {@link #WAIT_SECONDS}) */
  boolean open(Path folder) {
    List<String> line = new java.util.ArrayList<>(command);
    line.add(folder.toString());
    try {
      Process p = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("{} did not return within {} s", line, WAIT_SECONDS);
        return false;
      }
      if (p.exitValue() != 0) LOG.warn("{} exited with {}", line, p.exitValue());
      return p.exitValue() == 0;
    } catch (IOException e) {
      LOG.warn("cannot run {}", line, e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
