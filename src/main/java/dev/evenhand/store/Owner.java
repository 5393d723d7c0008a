package dev.evenhand.store;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that owns a piece of unfinished work in the store (an import, V15; a delete, V19; a generation or audit
 * run it holds, V2 and V12): {@code host:pid} and the instant the process started, so that a pid the system gave to another process later (pids wrap at
 * {@code /proc/sys/kernel/pid_max}) is not taken for the owner.
 */
public final class Owner {
  private Owner() {}

  /**
   * @return this process as the holder of a generation or audit run (V2, V12): {@code host:pid@start}, the start being
   *     the process's start instant ({@link Instant#toString}), or {@code host:pid} when the system does not say
   */
  public static String holder() {
    String start = myStart();
    return start == null ? me() : me() + "@" + start;
  }

  /**
   * @param holder a run's holder as {@link #holder} wrote it, or {@code host:pid} as holders were written before
   * @return false only for a holder of this host whose process is not running, or whose pid another process has now
   *     (pids wrap at {@code /proc/sys/kernel/pid_max}, 32,768 here): a killed run is free at once, not after its heartbeat
   *     goes stale
   */
  public static boolean holderAlive(String holder) {
    int at = holder.lastIndexOf('@');
    return at < 0 ? alive(holder, null) : alive(holder.substring(0, at), holder.substring(at + 1));
  }

  /** @return this process as an owner: {@code host:pid} */
  static String me() { return host() + ":" + ProcessHandle.current().pid(); }

  /** @return when this process started ({@link Instant#toString}), or null when the system does not say */
  static String myStart() { return started(ProcessHandle.current()).orElse(null); }

  /**
   * @param owner   {@code host:pid}
   * @param started the owner's start instant as recorded, or null
   * @return false only for an owner of this host whose process is not running, or is another process with its pid;
   *     an owner on another host is always taken as alive (its process cannot be seen from here)
   */
  static boolean alive(String owner, String started) {
    int colon = owner.lastIndexOf(':');
    if (colon < 0 || !owner.substring(0, colon).equals(host())) return true;
    long pid;
    try {
      pid = Long.parseLong(owner.substring(colon + 1));
    } catch (NumberFormatException e) {
      return true;
    }
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) return false;
    Optional<String> s = started(p.get());
    return started == null || s.isEmpty() || s.get().equals(started);
  }

  private static Optional<String> started(ProcessHandle p) { return p.info().startInstant().map(Instant::toString); }

  private static volatile String host;

  private static String host() {
    if (host == null) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "localhost";
      }
    }
    return host;
  }
}
