package dev.evenhand.store;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The files Evenhand keeps beside a database {@code <name>.mv.db}, so that several processes can share it:
 * <ul>
 *   <li>{@code <name>.evenhand.lock}: an OS file lock (released by the OS when a process dies, even by
 *   SIGKILL). Byte 0 is held exclusively while a process opens, creates or upgrades the database, so those
 *   steps never overlap; byte 1 is held shared by every process that has the database open, and exclusively
 *   by a process that replaces the file with an upgraded copy (which must not happen under anyone's feet).
 *   <li>{@code <name>.evenhand.users/<pid>}: one small note per process that uses the database (pid, host,
 *   start time and what it is, e.g. "evenhand generate"), so a wait or a refusal can name the other process.
 *   Notes of processes that no longer run are ignored and removed.
 * </ul>
 * A JVM holds one channel per lock file and never opens it a second time: on POSIX systems closing any
 * descriptor of a file drops all of the process's locks on it.
 */
final class SideFiles {
  private static final Map<Path, SideFiles> OPEN = new ConcurrentHashMap<>();

  private final Path lockFile;
  private final Path usersDir;
  private final Path database;
  private final ReentrantLock openPhase = new ReentrantLock(true);
  private FileChannel channel;
  private FileLock openLock;
  private FileLock usersLock;
  private int users;
  private Path note;

  private SideFiles(Path database) {
    this.database = database;
    this.lockFile = Path.of(database + ".evenhand.lock");
    this.usersDir = Path.of(database + ".evenhand.users");
  }

  /** @return the side files of a database path (without {@code .mv.db}), shared by all users in this JVM */
  static SideFiles of(Path database) { return OPEN.computeIfAbsent(database, SideFiles::new); }

  /** @return the lock file's path */
  Path lockFile() { return lockFile; }

  private synchronized FileChannel channel() throws IOException {
    if (channel == null || !channel.isOpen()) {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
    return channel;
  }

  /**
   * Takes the open-phase lock (byte 0), waiting until {@code waiter}'s deadline. Reentrant for the thread
   * that holds it. Held while creating or upgrading the file, and while making a new connection: H2 decides
   * which process serves the file (AUTO_SERVER) through its own lock file, whose races ("Another process was
   * faster", "Lock file recently modified") cost seconds each; one process at a time never meets them.
   *
   * @throws StoreException when the deadline passes (naming the processes that use the database) or the
   *                        lock file cannot be written
   */
  void lockOpenPhase(Waiter waiter) {
    if (openPhase.isHeldByCurrentThread()) {
      openPhase.lock();
      return;
    }
    try {
      while (!openPhase.tryLock(50, TimeUnit.MILLISECONDS)) waiter.pause(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting to open the database " + database + ".mv.db");
    }
    boolean ok = false;
    try {
      while (true) {
        FileLock l = channel().tryLock(0, 1, false);
        if (l != null) {
          synchronized (this) { openLock = l; }
          ok = true;
          return;
        }
        waiter.pause(null);
      }
    } catch (IOException e) {
      throw new StoreException("cannot write the lock file " + lockFile + " beside the database: " + e.getMessage(), e, true);
    } finally {
      if (!ok) openPhase.unlock();
    }
  }

  /** Releases the open-phase lock (byte 0). */
  void unlockOpenPhase() {
    if (openPhase.getHoldCount() > 1) {
      openPhase.unlock();
      return;
    }
    try {
      synchronized (this) {
        if (openLock != null) openLock.release();
        openLock = null;
        closeIfIdle();
      }
    } catch (IOException e) {
      // the OS releases it when the channel closes or the process ends
    } finally {
      openPhase.unlock();
    }
  }

  /**
   * Tries to take byte 1 exclusively: only possible when no other process (and no other database object in
   * this JVM) has the database open. Call with the open-phase lock held.
   *
   * @return the lock to release after the file was replaced, or empty when someone uses the database
   */
  synchronized Optional<FileLock> tryExclusiveUse() throws IOException {
    if (users > 0) return Optional.empty();
    return Optional.ofNullable(channel().tryLock(1, 1, false));
  }

  /** Releases a lock, ignoring failures (the OS releases it with the channel or the process). */
  static void releaseQuietly(FileLock l) {
    try {
      l.release();
    } catch (IOException e) {
      // released with the channel
    }
  }

  /**
   * Joins the users (byte 1 shared, waiting while a process upgrades the file) and writes this process's note.
   *
   * @throws StoreException when the wait runs out or the lock file cannot be written
   */
  void join(String who, Waiter waiter) {
    try {
      while (true) {
        synchronized (this) {
          if (users > 0) {
            users++;
            return;
          }
          FileLock l = channel().tryLock(1, 1, true);
          if (l != null) {
            try {
              writeNote(who);
            } catch (IOException e) {
              releaseQuietly(l);
              throw e;
            }
            usersLock = l;
            users = 1;
            return;
          }
        }
        waiter.pause(null);
      }
    } catch (IOException e) {
      throw new StoreException("cannot write the lock file " + lockFile + " beside the database: " + e.getMessage(), e, true);
    }
  }

  /** Leaves the users; the last database object of this JVM removes the note and releases byte 1. */
  synchronized void leave() {
    if (users == 0) return;
    if (--users > 0) return;
    try {
      if (note != null) Files.deleteIfExists(note);
    } catch (IOException e) {
      // a note left behind is ignored once this process has ended
    }
    note = null;
    try {
      if (usersLock != null) usersLock.release();
    } catch (IOException e) {
      // released when the channel closes
    }
    usersLock = null;
    closeIfIdle();
  }

  private void closeIfIdle() {
    if (users == 0 && openLock == null && channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing held any more
      }
      channel = null;
    }
  }

  private void writeNote(String who) throws IOException {
    Files.createDirectories(usersDir);
    ProcessHandle me = ProcessHandle.current();
    Properties p = new Properties();
    p.setProperty("pid", Long.toString(me.pid()));
    p.setProperty("host", host());
    me.info().startInstant().ifPresent(t -> p.setProperty("started", t.toString()));
    p.setProperty("who", who);
    Path n = usersDir.resolve(Long.toString(me.pid()));
    Path tmp = usersDir.resolve(me.pid() + ".tmp");
    try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, null);
    }
    Files.move(tmp, n, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    note = n;
  }

  /**
   * @return the other processes that use the database, as "process 1234 (evenhand export)", read from the
   *         notes; notes of processes that have ended on this host are removed
   */
  List<String> others() {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(usersDir)) return out;
    long me = ProcessHandle.current().pid();
    String host = host();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(usersDir)) {
      for (Path f : ds) {
        if (f.getFileName().toString().endsWith(".tmp")) continue;
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          p.load(r);
        } catch (NoSuchFileException e) {
          continue;
        }
        long pid;
        try {
          pid = Long.parseLong(p.getProperty("pid", ""));
        } catch (NumberFormatException e) {
          continue;
        }
        String h = p.getProperty("host", host);
        if (pid == me && h.equals(host)) continue;
        if (h.equals(host) && !alive(pid, p.getProperty("started"))) {
          Files.deleteIfExists(f);
          continue;
        }
        out.add("process " + pid + (h.equals(host) ? "" : " on " + h) + " (" + p.getProperty("who", "evenhand") + ")");
      }
    } catch (IOException e) {
      // naming the other process is a courtesy; the wait goes on without it
    }
    return out;
  }

  private static boolean alive(long pid, String started) {
    Optional<ProcessHandle> ph = ProcessHandle.of(pid);
    if (ph.isEmpty() || !ph.get().isAlive()) return false;
    if (started == null) return true;
    Optional<Instant> s = ph.get().info().startInstant();
    return s.isEmpty() || s.get().toString().equals(started);
  }

  private static volatile String host;

  private static String host() {
    if (host == null) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "localhost";
      }
    }
    return host;
  }
}
