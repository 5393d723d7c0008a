package dev.evenhand.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

/**
 * The database file's life: its schema as Flyway finds it, creation and upgrades that are all or nothing,
 * and whether the file can be written. H2 does not roll back DDL, so a migration cut short (a kill, a full
 * disk, a failing statement) would stay half-applied: a new database is created and migrated under a
 * temporary name ({@code <name>.evenhand-new.mv.db}) and moved into place with an atomic rename after an
 * fsync; an existing database with pending migrations is copied ({@code <name>.evenhand-upgrade.mv.db}),
 * the copy migrated, synced and renamed over the original. Temporaries of killed processes are removed by
 * the next create or upgrade.
 */
final class SchemaFiles {
  private static final String USER = "evenhand";
  private static final String NEW = ".evenhand-new";
  private static final String UPGRADE = ".evenhand-upgrade";

  private SchemaFiles() {}

  /**
   * What Flyway finds in a database.
   *
   * @param current the applied version, or "none"
   * @param latest  the newest version this Evenhand knows
   * @param pending migrations to apply
   * @param future  the newest applied migration this Evenhand does not know, or null
   */
  record Schema(String current, String latest, int pending, String future) { }

  static Schema schema(MigrationInfoService info) {
    MigrationInfo current = info.current();
    MigrationInfo[] all = info.all();
    String latest = "none";
    String future = null;
    for (MigrationInfo m : all) {
      if (m.getVersion() == null) continue;
      MigrationState s = m.getState();
      if (s == MigrationState.FUTURE_SUCCESS || s == MigrationState.FUTURE_FAILED) future = m.getVersion().getVersion();
      else latest = m.getVersion().getVersion();
    }
    return new Schema(current == null || current.getVersion() == null ? "none" : current.getVersion().getVersion(), latest,
        info.pending().length, future);
  }

  private static Flyway flyway(String url, List<String> locations) {
    return Flyway.configure().dataSource(url, USER, "").locations(locations.toArray(String[]::new)).load();
  }

  static StoreException newer(Path file, Schema s) {
    return new StoreException("the database " + file + " was written by a newer Evenhand (schema version " + s.future()
        + "; this one knows up to " + s.latest() + "): use that version, or another --db", null, true);
  }

  /** Creates the database under a temporary name, migrates it, and moves it into place. */
  static void create(Path abs, List<String> locations) throws IOException {
    Path tmp = Path.of(abs + NEW);
    try {
      migratePrivately(tmp, locations);
      sync(Database.mvFile(tmp));
      Files.move(Database.mvFile(tmp), Database.mvFile(abs), StandardCopyOption.ATOMIC_MOVE);
      syncFolder(abs);
    } catch (RuntimeException | IOException e) {
      deleteQuietly(tmp);
      throw new StoreException("cannot create the database " + Database.mvFile(abs) + ": " + Database.rootMessage(e) + " (nothing was created)", e);
    }
  }

  /**
   * Upgrades an existing database by migrating a copy: refused while another process has it open; on any
   * failure the original is left as it was.
   */
  static void upgrade(Path abs, SideFiles side, List<String> locations, Schema s) throws IOException {
    Path file = Database.mvFile(abs);
    Optional<FileLock> exclusive = side.tryExclusiveUse();
    if (exclusive.isEmpty() || Files.exists(Path.of(abs + ".lock.db"))) {
      exclusive.ifPresent(SideFiles::releaseQuietly);
      throw new StoreException("the database " + file + " needs an upgrade (schema " + s.current() + " to " + s.latest()
          + ") but is in use by " + Database.holder(side, abs) + ": close it, then run the command again", null, false);
    }
    Path tmp = Path.of(abs + UPGRADE);
    try {
      Files.copy(file, Database.mvFile(tmp), StandardCopyOption.REPLACE_EXISTING);
      migratePrivately(tmp, locations);
      sync(Database.mvFile(tmp));
      Files.move(Database.mvFile(tmp), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncFolder(abs);
    } catch (RuntimeException | IOException e) {
      deleteQuietly(tmp);
      throw new StoreException("cannot upgrade the database " + file + " from schema " + s.current() + " to " + s.latest() + ": "
          + Database.rootMessage(e) + " (the database is unchanged)", e);
    } finally {
      SideFiles.releaseQuietly(exclusive.get());
    }
  }

  /** Migrates a database no other process knows of (a temporary), then shuts it down so the file is complete. */
  private static void migratePrivately(Path db, List<String> locations) {
    String url = "jdbc:h2:file:" + db + Database.URL_SETTINGS;
    try {
      org.h2.Driver.load();
      try (Connection anchor = DriverManager.getConnection(url, USER, "")) {
        flyway(url, locations).migrate();
        try (Statement st = anchor.createStatement()) {
          st.execute("SHUTDOWN");
        }
      }
    } catch (SQLException e) {
      throw new StoreException(Database.rootMessage(e), e);
    }
  }

  /** Removes temporaries that a killed process left (only called with the open-phase lock held). */
  static void removeTemporaries(Path abs) throws IOException {
    Path dir = abs.getParent();
    if (dir == null) return;
    String name = abs.getFileName().toString();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path f : ds) {
        String n = f.getFileName().toString();
        if (n.startsWith(name + NEW + ".") || n.startsWith(name + UPGRADE + ".")) Files.deleteIfExists(f);
      }
    }
  }

  private static void deleteQuietly(Path db) {
    try {
      removeTemporaries(Path.of(db.toString().substring(0, db.toString().lastIndexOf(".evenhand-"))));
    } catch (IOException | RuntimeException e) {
      // the next open removes it
    }
  }

  private static void sync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static void syncFolder(Path abs) {
    Path dir = abs.getParent();
    if (dir == null) return;
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // not every platform can sync a folder (Windows); the rename itself is atomic
    }
  }

  /**
   * @return why the database cannot be written, or null when it can: the operating system's own reason for
   *         refusing to open the file for writing ("Read-only file system", "Operation not permitted" for an
   *         immutable file, "Permission denied"), else a folder without write permission (H2 writes its lock
   *         file there); for a file that does not exist yet, why its folder cannot be written
   */
  static String readOnlyReason(Path abs) {
    Path file = Database.mvFile(abs);
    Path dir = abs.getParent();
    if (Files.exists(file)) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        // opened for writing and closed again without a change
      } catch (java.nio.file.FileSystemException e) {
        String why = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
        return why.equalsIgnoreCase("Read-only file system") ? "it is on a read-only file system" : "the file cannot be written: " + why;
      } catch (IOException e) {
        return "the file cannot be written: " + e.getMessage();
      }
    }
    if (dir != null && !Files.isWritable(dir)) {
      try {
        if (Files.getFileStore(dir).isReadOnly()) return "it is on a read-only file system";
      } catch (IOException e) {
        // say it with the folder
      }
      return "its folder " + dir + " is not writable";
    }
    return null;
  }
}
