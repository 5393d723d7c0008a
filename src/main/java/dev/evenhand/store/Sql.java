package dev.evenhand.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers shared by the repositories: binding, inserting with a generated key, mapping rows. */
final class Sql {
  @FunctionalInterface
  interface RowMapper<T> { T map(ResultSet rs) throws SQLException; }

  private Sql() {}

  static PreparedStatement bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) ps.setNull(i + 1, Types.NULL);
      else if (a instanceof Instant t) ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      else if (a instanceof Enum<?> e) ps.setString(i + 1, e.name().toLowerCase(java.util.Locale.ROOT));
      // a typed array: H2 can look an untyped one's values up in no index (it scanned a million pairs for a search)
      else if (a instanceof Long[] ids) ps.setArray(i + 1, ps.getConnection().createArrayOf("BIGINT", ids));
      else ps.setObject(i + 1, a);
    }
    return ps;
  }

  static long insert(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = bind(c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS), args)) {
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = bind(c.prepareStatement(sql), args)) {
      return ps.executeUpdate();
    }
  }

  static <T> List<T> list(Connection c, String sql, RowMapper<T> m, Object... args) throws SQLException {
    try (PreparedStatement ps = bind(c.prepareStatement(sql), args); ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) out.add(m.map(rs));
      return out;
    }
  }

  static <T> java.util.Optional<T> one(Connection c, String sql, RowMapper<T> m, Object... args) throws SQLException {
    List<T> l = list(c, sql, m, args);
    return l.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(l.get(0));
  }

  static long count(Connection c, String sql, Object... args) throws SQLException {
    return one(c, sql, rs -> rs.getLong(1), args).orElse(0L);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  static Timestamp ts(Instant t) { return Timestamp.from(t); }
}
