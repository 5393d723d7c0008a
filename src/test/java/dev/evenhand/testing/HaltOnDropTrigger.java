package dev.evenhand.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.h2.api.Trigger;

/**
 * A test-only H2 trigger on {@code story_pair} that kills the JVM (as SIGKILL would: no shutdown hooks,
 * no commit) at the moment a pair is written as dropped by the fidelity or near-duplicate rules. The
 * write it fires on is not committed. It acts only in a JVM started with the system property
 * {@value #PROPERTY} (the child process of a kill test), so it can never end the test JVM itself.
 *
 * <p>Install with {@link #SQL}; the class must be on the classpath of every process that opens the
 * database while it is installed.
 */
public final class HaltOnDropTrigger implements Trigger {
  /** The system property that arms the trigger. */
  public static final String PROPERTY = "evenhand.test.haltOnRuleDrop";
  /** Installs the trigger. */
  public static final String SQL = "CREATE TRIGGER halt_on_rule_drop BEFORE INSERT, UPDATE ON story_pair FOR EACH ROW CALL '"
      + HaltOnDropTrigger.class.getName() + "'";
  /** Removes it. */
  public static final String DROP_SQL = "DROP TRIGGER IF EXISTS halt_on_rule_drop";

  private int stage = -1;
  private int dropReason = -1;

  @Override
  public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet rs = conn.getMetaData().getColumns(null, schemaName, tableName, null)) {
      while (rs.next()) columns.add(rs.getInt("ORDINAL_POSITION") - 1 + ":" + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
    }
    for (String c : columns) {
      int i = Integer.parseInt(c.substring(0, c.indexOf(':')));
      String name = c.substring(c.indexOf(':') + 1);
      if (name.equals("stage")) stage = i;
      if (name.equals("drop_reason")) dropReason = i;
    }
  }

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) {
    if (System.getProperty(PROPERTY) == null || newRow == null || stage < 0 || dropReason < 0) return;
    Object reason = newRow[dropReason];
    if ("dropped".equals(newRow[stage]) && reason != null
        && List.of("fidelity_low", "fidelity_high", "duplicate").contains(reason.toString())) {
      Runtime.getRuntime().halt(137);
    }
  }
}
