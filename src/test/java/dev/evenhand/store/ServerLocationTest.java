package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evenhand.testing.TestPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --db postgresql://HOST[:PORT]/NAME}: what is accepted, that credentials never travel in it, that an unreachable
 * server is one plain error naming the location, and that the user comes from {@code PGUSER}.
 */
class ServerLocationTest {
  @TempDir Path dir;

  @Test
  void aLocationIsParsedAlsoAfterItWentThroughAPath() {
    assertThat(ServerLocation.parse("postgresql://db.lab.example:6543/evenhand")).isEqualTo(new ServerLocation("db.lab.example", 6543, "evenhand"));
    assertThat(ServerLocation.parse(Path.of("postgresql://db.lab.example/evenhand").toString()))
        .isEqualTo(new ServerLocation("db.lab.example", 5432, "evenhand"));
    assertThat(ServerLocation.parse("postgres://[::1]:5433/e").toString()).isEqualTo("postgresql://[::1]:5433/e");
    assertThat(ServerLocation.is(Path.of("postgresql://h/d"))).isTrue();
    assertThat(ServerLocation.is(Path.of("data/postgresql/evenhand"))).as("an H2 path with that word in it").isFalse();
  }

  @Test
  void credentialsOrOptionsInTheLocationAreRefusedWithoutEchoingThem() {
    for (String bad : List.of("postgresql://ada:s3cret@db/evenhand", "postgresql://db/evenhand?password=s3cret", "postgresql://ada@db/evenhand")) {
      assertThatThrownBy(() -> Database.open(Path.of(bad))).isInstanceOf(StoreException.class)
          .satisfies(e -> assertThat(((StoreException) e).badLocation()).isTrue())
          .hasMessageContaining("PGUSER and PGPASSWORD or ~/.pgpass").hasMessageNotContaining("s3cret");
    }
    assertThatThrownBy(() -> ServerLocation.parse("postgresql://db")).hasMessageContaining("postgresql://HOST[:PORT]/NAME");
    assertThatThrownBy(() -> ServerLocation.parse("postgresql://db:70000/e")).hasMessageContaining("port");
  }

  @Test
  void theUserAndPasswordComeFromTheEnvironmentOnly() {
    var p = ServerLocation.properties(Map.of("PGUSER", "ada", "PGPASSWORD", "s3cret"));
    assertThat(p.getProperty("user")).isEqualTo("ada");
    assertThat(p.getProperty("password")).isEqualTo("s3cret");
    var none = ServerLocation.properties(Map.of());
    assertThat(none.getProperty("user")).as("pgjdbc's default: the operating-system user").isNull();
    assertThat(none.getProperty("password")).as("pgjdbc then reads ~/.pgpass").isNull();
  }

  @Test
  void anUnreachableServerIsOnePlainErrorNamingTheLocation() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String location = "postgresql://127.0.0.1:" + port + "/evenhand";
    assertThatThrownBy(() -> Database.open(Path.of(location))).isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot open the database " + location + ": ").hasMessageContaining("refused");
  }

  @Test
  void aChildProcessConnectsAsTheRoleInPguser() throws Exception {
    String location = TestPostgres.newDatabase();
    String name = location.substring(location.lastIndexOf('/') + 1);
    try (var c = DriverManager.getConnection("jdbc:" + location); var st = c.createStatement()) {
      st.execute("CREATE ROLE reviewer_without_access LOGIN");
      st.execute("REVOKE CONNECT ON DATABASE " + name + " FROM PUBLIC");
    }
    assertThat(stats(location, null)).as("the operating-system user (a superuser here) may connect").isZero();
    assertThat(stats(location, "reviewer_without_access")).as("PGUSER names a role without CONNECT: refused").isNotZero();
    assertThat(Files.readString(dir.resolve("reviewer_without_access.err"))).contains("permission denied for database");
  }

  /** @return the exit code of {@code evenhand --db LOCATION stats} in a child JVM with {@code PGUSER} set to {@code user} (unset when null) */
  private int stats(String location, String user) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
        "dev.evenhand.app.Launcher", "--db", location, "stats"));
    String tag = user == null ? "default" : user;
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve(tag + ".out").toFile()).redirectError(dir.resolve(tag + ".err").toFile());
    pb.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
    pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
    pb.environment().remove("PGPASSWORD");
    if (user == null) pb.environment().remove("PGUSER");
    else pb.environment().put("PGUSER", user);
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the child ends").isTrue();
    return p.exitValue();
  }
}
