package dev.evenhand.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL database named as {@code --db postgresql://HOST[:PORT]/NAME}.
 *
 * <p><b>Credentials never travel in the location</b> (it shows in process lists, shell histories and logs): a user or
 * password in it is refused. The user is {@code PGUSER} from the environment, else pgjdbc's default (the operating
 * system user); the password is {@code PGPASSWORD} from the environment, else pgjdbc 42.7 looks it up itself in
 * {@code ~/.pgpass} (or the file {@code PGPASSFILE} names; pgjdbc's PgPassParser, libpq's format). The environment is
 * read by this class because pgjdbc reads only {@code PGPASSFILE}, {@code PGSERVICEFILE} and {@code PGSYSCONFDIR} from
 * it. {@link #toString()} is the location without credentials.
 *
 * @param host     the server's host name or address
 * @param port     its port, 5432 when not given
 * @param database the database name
 */
public record ServerLocation(String host, int port, String database) {
  /**
   * {@code postgresql://} (also {@code postgres://}); a {@link Path} made from it has the double slash collapsed
   * ({@code postgresql:/HOST/NAME}), which is accepted too, as the CLI hands {@code --db} over as a path.
   */
  private static final Pattern URL = Pattern.compile("(?i)postgres(?:ql)?:/{1,2}([^/:@?#]+|\\[[0-9a-fA-F:.]+\\])(?::(\\d{1,5}))?/([^/?#@]+)/?");
  private static final Pattern SCHEME = Pattern.compile("(?i)postgres(?:ql)?:/.*");

  /** @return true when {@code location} names a PostgreSQL database rather than an H2 file */
  public static boolean is(Path location) { return location != null && SCHEME.matcher(location.toString()).matches(); }

  /**
   * @param location {@code postgresql://HOST[:PORT]/NAME}, or that text after it went through {@link Path#of}
   * @return the parsed location
   * @throws StoreException (bad location) when it carries a user or password, or is not of that form
   */
  public static ServerLocation parse(String location) {
    if (location.contains("@") || location.contains("?")) {
      throw new StoreException("--db: give the PostgreSQL location as postgresql://HOST[:PORT]/NAME, without user, password or options;"
          + " the user and password come from PGUSER and PGPASSWORD or ~/.pgpass", null, true);
    }
    Matcher m = URL.matcher(location);
    if (!m.matches()) throw new StoreException("--db: not a PostgreSQL location (postgresql://HOST[:PORT]/NAME): " + location, null, true);
    int port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
    if (port < 1 || port > 65535) throw new StoreException("--db: the port must be 1 to 65535: " + location, null, true);
    return new ServerLocation(m.group(1), port, m.group(3));
  }

  /** @return the JDBC URL, without credentials */
  String jdbcUrl() { return "jdbc:postgresql://" + host + ":" + port + "/" + database; }

  /** @return this location as a {@link Path} (for {@code Database#path()}), {@code postgresql:/HOST:PORT/NAME} */
  Path path() { return Path.of(toString()); }

  /**
   * @param env the environment ({@link System#getenv()})
   * @return the connection properties: user and password from {@code PGUSER} and {@code PGPASSWORD} when set, an
   *     application name that shows in {@code pg_stat_activity}
   */
  static Properties properties(Map<String, String> env) {
    Properties p = new Properties();
    String user = env.get("PGUSER");
    String password = env.get("PGPASSWORD");
    if (user != null && !user.isBlank()) p.setProperty("user", user);
    if (password != null && !password.isEmpty()) p.setProperty("password", password);
    p.setProperty("ApplicationName", "evenhand");
    return p;
  }

  @Override
  public String toString() { return "postgresql://" + host + ":" + port + "/" + database; }
}
