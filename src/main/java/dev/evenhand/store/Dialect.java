package dev.evenhand.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The two databases Evenhand stores into and the few pieces of SQL in which they differ. Every repository writes
 * the same SQL for both except through these methods; the H2 forms are exactly the statements Evenhand used before
 * PostgreSQL was added.
 *
 * <p>Migrations: {@code db/migration} holds the migrations both databases run unchanged; {@code db/vendor/h2} and
 * {@code db/vendor/postgresql} hold, under the same version, the ones whose SQL differs (identity columns, large
 * text, functions). Flyway's own {@code {vendor}} placeholder belongs to Spring Boot, not to Flyway 13, so the
 * vendor location is named here.
 */
public enum Dialect {
  /** The embedded H2 file, the default. */
  H2("h2"),
  /** A PostgreSQL server ({@code --db postgresql://HOST[:PORT]/NAME}). */
  POSTGRESQL("postgresql");

  private final String vendor;

  /** @return the dialect of a connection's database: PostgreSQL for a pgjdbc connection, else H2 */
  static Dialect of(java.sql.Connection c) { return c instanceof org.postgresql.PGConnection ? POSTGRESQL : H2; }

  Dialect(String vendor) { this.vendor = vendor; }

  /** @return the Flyway locations of this database's migrations: the shared folder, then the vendor's */
  public List<String> locations() { return List.of("classpath:db/migration", "classpath:db/vendor/" + vendor); }

  /** @return the parameter marker of a JSON column's value given as JSON text */
  String json() { return this == H2 ? "? FORMAT JSON" : "CAST(? AS JSON)"; }

  /**
   * @param index an index of the table the clause follows
   * @return H2's hint to read the table through that index (H2 chooses by its cost estimate, which does not know how
   *     values are spread); nothing for PostgreSQL, whose planner has statistics
   */
  String useIndex(String index) { return this == H2 ? " USE INDEX (" + index + ")" : ""; }

  /** @return an expression for the line-feed character */
  String newline() { return this == H2 ? "CHAR(10)" : "CHR(10)"; }

  /**
   * An insert that replaces the row with the same key: H2's {@code MERGE INTO t(cols) KEY(keys) source}, PostgreSQL's
   * {@code INSERT INTO t(cols) source ON CONFLICT (keys) DO UPDATE SET} every other column.
   *
   * @param table   the table
   * @param columns the columns, comma-separated, as they follow the table name
   * @param keys    the key columns (a primary key or unique constraint), comma-separated
   * @param source  {@code VALUES (...)} or a {@code SELECT}
   * @return the statement
   */
  String merge(String table, String columns, String keys, String source) {
    if (this == H2) return "MERGE INTO " + table + "(" + columns + ") KEY(" + keys + ") " + source;
    Set<String> key = Arrays.stream(keys.split(",")).map(String::trim).collect(Collectors.toSet());
    List<String> set = new ArrayList<>();
    for (String col : columns.split(",")) {
      String c = col.trim();
      if (!key.contains(c)) set.add(c + " = EXCLUDED." + c);
    }
    return "INSERT INTO " + table + "(" + columns + ") " + source + " ON CONFLICT (" + keys + ") "
        + (set.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ", set));
  }
}
