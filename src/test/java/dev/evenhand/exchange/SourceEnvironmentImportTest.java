package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.store.Database;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.Genmo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GenMO's environment label is kept exactly as written (V11, for the paper's exact-label figures), and a pair
 * imported before V11 gets it when the file is imported again; the normalised label is unchanged.
 */
class SourceEnvironmentImportTest {
  @TempDir Path home;

  private static List<String> labels(String db, String column) {
    try (Database d = Database.open(Path.of(db))) {
      return d.read(c -> {
        List<String> out = new java.util.ArrayList<>();
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT " + column + " FROM story_pair ORDER BY id")) {
          while (rs.next()) out.add(rs.getString(1));
        }
        return out;
      });
    }
  }

  @Test
  void theLabelAsWrittenIsKeptAndFilledInOnReimport() {
    String db = home.resolve("db/evenhand").toString();
    CliRunner cli = new CliRunner(home, Map.of());
    assertThat(cli.run("--db", db, "import", "genmo", Genmo.fixture().toString()).exit()).isZero();
    List<String> written = labels(db, "source_environment");
    assertThat(written).contains(" Others", " Family ", "", "Work").doesNotContainNull();
    assertThat(labels(db, "environment")).doesNotContain(" Others", "");
    try (Database d = Database.open(Path.of(db))) {
      d.inTransaction(c -> {
        try (var st = c.createStatement()) {
          return st.executeUpdate("UPDATE story_pair SET source_environment = NULL");
        }
      });
    }
    CliRunner.Result again = cli.run("--db", db, "import", "genmo", Genmo.fixture().toString(), "--set", "again", "--json");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("\"imported\":0");
    assertThat(labels(db, "source_environment")).as("filled in from the file, as first written").isEqualTo(written);
  }
}
