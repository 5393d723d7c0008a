package dev.evenhand.testing;

import dev.evenhand.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A fingerprint of everything in a store: for each table its row count and a SHA-256 over every value of
 * every row, plus the next value of each identity column (so even an insert that was rolled back shows).
 * Two fingerprints are equal when nothing was written in between.
 */
public final class StoreFingerprint {
  private StoreFingerprint() {}

  /**
   * @param db the database path without {@code .mv.db} (opened and closed here)
   * @return one line per table, {@code name rows sha256}, then one per identity column with its next value
   */
  public static String of(Path db) {
    try (Database d = Database.open(db)) {
      return d.read(c -> {
        List<String> lines = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
            + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
          while (rs.next()) tables.add(rs.getString(1));
        }
        for (String t : tables) {
          long columns;
          try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS "
              + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = '" + t + "'")) {
            rs.next();
            columns = rs.getLong(1);
          }
          try (var st = c.createStatement(); var rs = st.executeQuery("SELECT * FROM \"" + t + "\" ORDER BY 1" + (columns > 1 ? ", 2" : ""))) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            int cols = rs.getMetaData().getColumnCount();
            long rows = 0;
            while (rs.next()) {
              rows++;
              for (int i = 1; i <= cols; i++) {
                String v = rs.getString(i);
                sha.update((v == null ? "\u0000null" : v).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0x1f);
              }
              sha.update((byte) 0x1e);
            }
            lines.add(t + " " + rows + " " + HexFormat.of().formatHex(sha.digest()).substring(0, 16));
          } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
          }
        }
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT TABLE_NAME, COLUMN_NAME, IDENTITY_BASE FROM INFORMATION_SCHEMA.COLUMNS "
            + "WHERE TABLE_SCHEMA = 'PUBLIC' AND IS_IDENTITY = 'YES' ORDER BY 1, 2")) {
          while (rs.next()) lines.add(rs.getString(1) + "." + rs.getString(2) + " next " + rs.getString(3));
        }
        return String.join("\n", lines);
      });
    }
  }
}
