package dev.evenhand.exchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes a file under a temporary name in the same folder and moves it into place only when complete
 * (FORMATS.md): a failed or cancelled write leaves no partial file under the final name, and any
 * previous file there untouched. The SHA-256 of the bytes is computed while writing.
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
    Path temp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".partial");
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
