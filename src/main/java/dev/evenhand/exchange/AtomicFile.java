package dev.evenhand.exchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file under a temporary name in the same folder and moves it into place only when complete
 * (FORMATS.md): a failed or cancelled write leaves no partial file under the final name, and any
 * previous file there untouched. The SHA-256 of the bytes is computed while writing.
 *
 * <p>A temporary is named {@code .<name>.evenhand-<pid>-<host>-<n>.partial}: the process that writes it
 * and a tag of the machine it runs on. A process killed mid-write (SIGKILL, power loss) cannot remove its
 * temporary, so each {@link #open} first removes the temporaries in its folder whose writer is gone: written
 * on this machine by a process that no longer runs, or whose process id now belongs to a process started
 * after the temporary was last written. Temporaries of other machines (a shared folder) are left alone.
 */
public final class AtomicFile implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final DigestOutputStream out;
  private boolean committed;

  private AtomicFile(Path target, Path temp, FileChannel channel, DigestOutputStream out) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
    this.out = out;
  }

  /**
   * Opens a temporary file beside {@code target}; parent folders are created.
   *
   * @throws IOException when the folder cannot be created or written
   */
  public static AtomicFile open(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    removeStale(abs.getParent());
    Path temp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".evenhand-" + ProcessHandle.current().pid() + "-" + HOST + "-",
        ".partial");
    // createTempFile makes the file private (rw-------); an export is meant to be shared like any file
    // the user writes, so give it the usual rw-r--r-- where the file system has POSIX permissions
    try {
      Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the default ACL applies
    }
    FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return new AtomicFile(abs, temp, ch, new DigestOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16), sha));
    } catch (NoSuchAlgorithmException e) {
      ch.close();
      Files.deleteIfExists(temp);
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** A tag of this machine: the first 8 hex digits of the SHA-256 of its host name. */
  static final String HOST = hostTag();

  /** {@code .<name>.evenhand-<pid>-<host>-<n>.partial}; group 1 the pid, group 2 the host tag. */
  private static final Pattern TEMP = Pattern.compile("^\\..+\\.evenhand-(\\d+)-([0-9a-f]{8})-\\d+\\.partial$");

  /** Slack between a process's recorded start and a file's time (Linux records start times to the second). */
  private static final Duration START_SLACK = Duration.ofSeconds(2);

  private static String hostTag() {
    String host = null;
    try {
      host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException | RuntimeException notLinux) {
      // other systems name the machine in the environment
    }
    if (host == null || host.isEmpty()) host = System.getenv("COMPUTERNAME");
    if (host == null || host.isEmpty()) host = System.getenv("HOSTNAME");
    if (host == null || host.isEmpty()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "unknown";
      }
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(host.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /**
   * Removes the temporaries in {@code folder} left by a writer that is gone (see the class comment).
   * Files that cannot be inspected or removed are left; a failure here never stops a write.
   *
   * @param folder a folder files are written to
   * @return how many temporaries were removed
   */
  public static int removeStale(Path folder) {
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, ".*.partial")) {
      for (Path f : files) {
        Matcher m = TEMP.matcher(f.getFileName().toString());
        if (!m.matches() || !m.group(2).equals(HOST)) continue;
        try {
          if (ownerAlive(Long.parseLong(m.group(1)), Files.getLastModifiedTime(f).toInstant())) continue;
          if (Files.deleteIfExists(f)) removed++;
        } catch (IOException | NumberFormatException e) {
          // in use, gone already, or not ours to remove
        }
      }
    } catch (IOException e) {
      // an unreadable folder: the write that follows reports it
    }
    return removed;
  }

  /** @return true when process {@code pid} runs and started before {@code written} (so it may be the writer) */
  private static boolean ownerAlive(long pid, Instant written) {
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) return false;
    Optional<Instant> started = p.get().info().startInstant();
    return started.isEmpty() || !started.get().isAfter(written.plus(START_SLACK));
  }

  /** @return the stream to write the content to; do not close it */
  public OutputStream stream() { return out; }

  /**
   * Flushes, forces the bytes to disk and moves the file into place.
   *
   * @return the SHA-256 of the content, lower-case hex
   * @throws IOException when the disk is full or the move fails; the temporary file is then removed
   */
  public String commit() throws IOException {
    try {
      out.flush();
      channel.force(true);
      channel.close();
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = true;
      return HexFormat.of().formatHex(out.getMessageDigest().digest());
    } finally {
      if (!committed) Files.deleteIfExists(temp);
    }
  }

  /** Removes the temporary file unless {@link #commit()} succeeded. */
  @Override
  public void close() throws IOException {
    if (committed) return;
    try {
      channel.close();
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Writes a small file atomically in one go.
   *
   * @return the SHA-256 of the bytes
   * @throws IOException when it cannot be written
   */
  public static String write(Path target, byte[] bytes) throws IOException {
    try (AtomicFile f = open(target)) {
      f.stream().write(bytes);
      return f.commit();
    }
  }
}
