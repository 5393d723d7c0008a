package dev.evenhand.usecase;

import dev.evenhand.store.Database;
import dev.evenhand.store.DatabaseCopy;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code evenhand db copy --to LOCATION}: moves a lab's local H2 database to its PostgreSQL server, or a server database
 * back to an H2 file, whole and checked ({@link DatabaseCopy}: one transaction on the target, each table's row count
 * and SHA-256 the same on both sides, else nothing is stored).
 */
public final class DatabaseCopyUseCase {
  private final Database from;

  /** @param from the database Evenhand runs on (the source) */
  public DatabaseCopyUseCase(Database from) { this.from = from; }

  /**
   * @param target  an H2 path or {@code postgresql://HOST[:PORT]/NAME}: created and migrated when it does not exist
   *                (H2) or has no tables yet (PostgreSQL; the database itself must exist), and it must hold no rows
   * @param opening who opens the target
   * @return each table's row count and checksum, the same in source and target
   * @throws dev.evenhand.store.StoreException when the target cannot be opened, is not empty, or the copy fails
   *                                           or differs (then nothing is stored)
   */
  public List<DatabaseCopy.Table> copyTo(Path target, Database.Opening opening) {
    try (Database to = Database.open(target, opening)) {
      return DatabaseCopy.copy(from, to);
    }
  }
}
