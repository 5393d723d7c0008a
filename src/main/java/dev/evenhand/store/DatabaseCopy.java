package dev.evenhand.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Copies every row of one Evenhand database into another, empty one of the same schema version, H2 to PostgreSQL or
 * back ({@code evenhand db copy --to LOCATION}), in one transaction on the target, and checks it before committing:
 * each table's row count and a SHA-256 over its rows (in primary-key order, every column as text: numbers, booleans,
 * times as UTC instants, JSON and text as stored) must be the same in both; otherwise nothing is committed.
 *
 * <p>Tables and columns are read from the source's JDBC metadata (every table but Flyway's history and the name of
 * the source's H2 search index, which lives beside the source file: the target builds its own), parents before
 * children by their foreign keys, so tables added by later migrations are copied too. Ids are copied as they are, and
 * each identity column of the target continues after the largest id copied.
 */
public final class DatabaseCopy {
  /** One table's figures, the same on both sides after a copy. @param table name @param rows rows @param sha256 hex */
  public record Table(String table, long rows, String sha256) { }

  private static final int BATCH = 500;

  private DatabaseCopy() {}

  /**
   * @param from the source (read only)
   * @param to   the target: migrated to the same schema version, every table empty
   * @return each table's row count and checksum, in copy order
   * @throws StoreException with {@link StoreException#badLocation()} when the target is not empty or its schema
   *                        differs; a plain one when the copy fails or the figures differ (nothing is stored then)
   */
  public static List<Table> copy(Database from, Database to) {
    return from.inTransactionOnce(src -> to.inTransactionOnce(dst -> {
      List<String> tables = tables(src);
      if (!tables.equals(tables(dst))) {
        throw new StoreException("the target " + to.label() + " has other tables than " + from.label() + ": are both at the same Evenhand version?", null, true);
      }
      for (String t : tables) {
        if (Sql.count(dst, "SELECT COUNT(*) FROM " + t) > 0) {
          throw new StoreException("the target " + to.label() + " is not empty (table " + t + " has rows): copy into a new, empty database", null, true);
        }
      }
      continueIdentities(src, dst, tables);
      List<Table> out = new ArrayList<>();
      for (String t : tables) {
        copyTable(src, dst, t);
        Table a = figures(src, t);
        Table b = figures(dst, t);
        if (!a.equals(b)) {
          throw new StoreException("the copy of table " + t + " differs (" + a.rows() + " rows, " + a.sha256() + " in " + from.label() + "; "
              + b.rows() + " rows, " + b.sha256() + " in " + to.label() + "): nothing was stored");
        }
        out.add(a);
      }
      return out;
    }));
  }

  /**
   * @param db a database
   * @return each table's row count and checksum, as {@link #copy} compares them
   */
  public static List<Table> figures(Database db) {
    return db.readOnce(c -> {
      List<Table> out = new ArrayList<>();
      for (String t : tables(c)) out.add(figures(c, t));
      return out;
    });
  }

  /** @return Evenhand's tables, lower case, parents before children (by foreign keys), ties by name */
  static List<String> tables(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    String schema = Dialect.of(c) == Dialect.H2 ? "PUBLIC" : "public";
    Map<String, Set<String>> parents = new LinkedHashMap<>();
    try (ResultSet rs = md.getTables(null, schema, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME");
        if (!name.equalsIgnoreCase("flyway_schema_history") && !name.equalsIgnoreCase(SearchIndex.STATE_TABLE) && !name.equalsIgnoreCase(ImportLock.TABLE)) {
          parents.put(name, new LinkedHashSet<>());
        }
      }
    }
    for (var e : parents.entrySet()) {
      try (ResultSet rs = md.getImportedKeys(null, schema, e.getKey())) {
        while (rs.next()) {
          String p = rs.getString("PKTABLE_NAME");
          if (!p.equals(e.getKey())) e.getValue().add(p);
        }
      }
    }
    List<String> order = new ArrayList<>();
    Set<String> left = new java.util.TreeSet<>(parents.keySet());
    while (!left.isEmpty()) {
      String next = left.stream().filter(t -> order.containsAll(parents.get(t))).findFirst()
          .orElseThrow(() -> new SQLException("foreign keys form a cycle among " + left));
      order.add(next);
      left.remove(next);
    }
    return order.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
  }

  private record Column(String name, int type, boolean json) { }

  private static List<Column> columns(Connection c, String table) throws SQLException {
    List<Column> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE 1 = 0"); ResultSet rs = ps.executeQuery()) {
      var md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        out.add(new Column(md.getColumnName(i).toLowerCase(Locale.ROOT), md.getColumnType(i), md.getColumnTypeName(i).equalsIgnoreCase("json")));
      }
    }
    return out;
  }

  /** @return the primary key's columns, the order rows are compared in (all columns when there is none) */
  private static String orderBy(Connection c, String table, List<Column> cols) throws SQLException {
    String name = Dialect.of(c) == Dialect.H2 ? table.toUpperCase(Locale.ROOT) : table;
    String schema = Dialect.of(c) == Dialect.H2 ? "PUBLIC" : "public";
    Map<Integer, String> key = new java.util.TreeMap<>();
    try (ResultSet rs = c.getMetaData().getPrimaryKeys(null, schema, name)) {
      while (rs.next()) key.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
    }
    return key.isEmpty() ? String.join(", ", cols.stream().map(Column::name).toList()) : String.join(", ", key.values());
  }

  private static void copyTable(Connection src, Connection dst, String table) throws SQLException {
    List<Column> cols = columns(src, table);
    List<String> names = cols.stream().map(Column::name).toList();
    List<String> marks = cols.stream().map(col -> col.json() ? Dialect.of(dst).json() : "?").toList();
    String insert = "INSERT INTO " + table + "(" + String.join(", ", names) + ") VALUES (" + String.join(", ", marks) + ")";
    try (PreparedStatement read = src.prepareStatement("SELECT " + String.join(", ", names) + " FROM " + table + " ORDER BY " + orderBy(src, table, cols));
         PreparedStatement write = dst.prepareStatement(insert)) {
      read.setFetchSize(BATCH);
      int n = 0;
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          for (int i = 0; i < cols.size(); i++) write.setObject(i + 1, value(rs, i + 1, cols.get(i)));
          write.addBatch();
          if (++n % BATCH == 0) write.executeBatch();
        }
      }
      if (n % BATCH != 0) write.executeBatch();
    }
  }

  /** @return a column's value as both drivers take it: text as String, times as OffsetDateTime, else the driver's object */
  private static Object value(ResultSet rs, int i, Column col) throws SQLException {
    if (col.json()) return rs.getString(i);
    return switch (col.type()) {
      case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.NCLOB -> rs.getString(i);
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(i, OffsetDateTime.class);
      default -> rs.getObject(i);
    };
  }

  /** @return a value as the checksum reads it: the same text for the same value on either database */
  private static String text(Object v) {
    if (v == null) return "\u0000null";
    if (v instanceof OffsetDateTime t) return t.toInstant().toString();
    if (v instanceof Integer || v instanceof Long || v instanceof Short) return Long.toString(((Number) v).longValue());
    if (v instanceof Double || v instanceof Float) return Double.toString(((Number) v).doubleValue());
    return v.toString();
  }

  private static Table figures(Connection c, String table) throws SQLException {
    List<Column> cols = columns(c, table);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long rows = 0;
    String sql = "SELECT " + String.join(", ", cols.stream().map(Column::name).toList()) + " FROM " + table + " ORDER BY " + orderBy(c, table, cols);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setFetchSize(BATCH);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows++;
          StringBuilder row = new StringBuilder();
          for (int i = 0; i < cols.size(); i++) row.append(text(value(rs, i + 1, cols.get(i)))).append('\u0001');
          sha.update(row.append('\n').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
    return new Table(table, rows, HexFormat.of().formatHex(sha.digest()));
  }

  /**
   * Moves each identity column of the (still empty) target to continue after the source's largest id: neither database
   * moves it for an explicit id. Done first because H2 commits at any DDL: then nothing is pending yet.
   */
  private static void continueIdentities(Connection src, Connection dst, List<String> tables) throws SQLException {
    boolean h2 = Dialect.of(dst) == Dialect.H2;
    for (String t : tables) {
      for (String col : Sql.list(dst, "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? AND is_identity = 'YES'",
          rs -> rs.getString(1).toLowerCase(Locale.ROOT), h2 ? "PUBLIC" : "public", h2 ? t.toUpperCase(Locale.ROOT) : t)) {
        // an empty table's MAX is NULL: nothing to continue after (a mapper may not return null to Sql.one)
        Long max = Sql.list(src, "SELECT MAX(" + col + ") AS m FROM " + t, rs -> Sql.longOrNull(rs, "m")).get(0);
        if (max != null) Sql.update(dst, "ALTER TABLE " + t + " ALTER COLUMN " + col + " RESTART WITH " + (max + 1));
      }
    }
  }
}
