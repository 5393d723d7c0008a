package dev.evenhand.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Who works on a run: a generation run (V2) or an audit run (V12) is held by one process at a time, named by its owner
 * ({@code host:pid@start}, {@link Owner#holder}) and kept by a heartbeat ({@code owner_seen}). The SQL of both tables, in one place.
 */
public interface RunHolds {
  /**
   * Takes the run for this process. A run held by another live process is refused; one whose owner is gone (same host,
   * process no longer running) or silent for {@code staleAfter} is taken over.
   *
   * @param owner e.g. {@code host:pid@start} ({@link Owner#holder})
   * @return empty when taken (or when there is no such run), else the current owner
   */
  Optional<String> acquire(long runId, String owner, Duration staleAfter, Predicate<String> ownerAlive);

  /** Marks the run as still held by {@code owner}. */
  void heartbeat(long runId, String owner);

  /** Gives the run back. */
  void release(long runId, String owner);

  /** The holds of one table's runs. */
  enum Table {
    /** generation runs */
    GENERATION("generation_run"),
    /** audit runs */
    AUDIT("audit_run");

    private final String name;

    Table(String name) { this.name = name; }
  }

  /**
   * The holds of a table's runs in a database.
   *
   * @param db    the database
   * @param table which runs
   * @return the holds
   */
  static RunHolds of(Database db, Table table) {
    String t = table.name; // a constant of this enum, never user input
    return new RunHolds() {
      @Override
      public Optional<String> acquire(long runId, String owner, Duration staleAfter, Predicate<String> ownerAlive) {
        record Held(String owner, Instant seen) {}
        return db.inTransaction(c -> {
          Optional<Held> cur = Sql.one(c, "SELECT owner, owner_seen FROM " + t + " WHERE id = ? FOR UPDATE",
              rs -> new Held(rs.getString(1), Sql.instant(rs, "owner_seen")), runId);
          if (cur.isEmpty()) return Optional.<String>empty();
          String o = cur.get().owner();
          Instant seen = cur.get().seen();
          boolean free = o == null || o.equals(owner) || seen == null || seen.isBefore(Instant.now().minus(staleAfter)) || !ownerAlive.test(o);
          if (!free) return Optional.of(o);
          Sql.update(c, "UPDATE " + t + " SET owner = ?, owner_seen = ? WHERE id = ?", owner, Instant.now(), runId);
          return Optional.<String>empty();
        });
      }

      @Override
      public void heartbeat(long runId, String owner) {
        db.inTransaction(c -> Sql.update(c, "UPDATE " + t + " SET owner_seen = ? WHERE id = ? AND owner = ?", Instant.now(), runId, owner));
      }

      @Override
      public void release(long runId, String owner) {
        db.inTransaction(c -> Sql.update(c, "UPDATE " + t + " SET owner = NULL, owner_seen = NULL WHERE id = ? AND owner = ?", runId, owner));
      }
    };
  }
}
