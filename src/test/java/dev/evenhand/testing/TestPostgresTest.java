package dev.evenhand.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** The test server starts (also as root) and hands out empty databases the JVM's user can connect to without a password. */
class TestPostgresTest {
  @Test
  void aNewDatabaseIsEmptyAndReachableWithoutAPassword() throws Exception {
    String loc = TestPostgres.newDatabase();
    try (var c = DriverManager.getConnection("jdbc:" + loc); var st = c.createStatement();
         var rs = st.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
    assertThat(TestPostgres.newDatabase()).isNotEqualTo(loc);
  }
}
