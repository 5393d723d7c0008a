package dev.evenhand.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.evenhand.app.Services;
import dev.evenhand.usecase.Settings;
import dev.evenhand.llm.OllamaUrls;
import dev.evenhand.store.Database;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Shared plumbing of every command: the global options merged from every level of the command line,
 * the services, and the two output streams (stdout carries results only; stderr progress and errors).
 */
public abstract class BaseCommand implements Callable<Integer> {
  /** Exit codes of the CLI contract (DESIGN.md). */
  public static final int OK = 0, INTERNAL = 1, BAD_INPUT = 2, SHORT = 3, UNREACHABLE = 4, NO_MODEL = 5;

  @Mixin GlobalOptions local;
  @Spec CommandSpec spec;

  /** JSON writer for --json output. */
  protected static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  /** @return the root command (holds the environment) */
  protected Cli root() {
    CommandSpec s = spec;
    while (s.parent() != null) s = s.parent();
    return (Cli) s.userObject();
  }

  /** @return the merged global options: a value given at a deeper level wins */
  protected GlobalOptions global() {
    GlobalOptions merged = new GlobalOptions();
    java.util.List<CommandSpec> chain = new java.util.ArrayList<>();
    for (CommandSpec s = spec; s != null; s = s.parent()) chain.add(0, s);
    for (CommandSpec s : chain) {
      GlobalOptions g = s.userObject() instanceof BaseCommand b ? b.local : null;
      if (g == null) continue;
      if (g.db != null) merged.db = g.db;
      if (g.ollama != null) merged.ollama = g.ollama;
      merged.json |= g.json;
    }
    return merged;
  }

  /** @return true when --json was given anywhere */
  protected boolean json() { return global().json; }

  /**
   * Makes stored text safe to print on a terminal: control characters other than newline and tab (an
   * ESC from a model reply could move the cursor or recolour the screen) are shown as a backslash, u and four hex digits.
   * JSON output needs no such care; Jackson escapes them.
   *
   * @param text any text, may be null
   * @return the text with controls made visible; "" for null
   */
  protected static String printable(String text) {
    if (text == null) return "";
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
      if (control) sb.append(String.format("\\u%04x", c));
      else sb.appendCodePoint(c);
    });
    return sb.toString();
  }

  /** @return stdout */
  protected PrintWriter out() { return spec.commandLine().getOut(); }

  /** @return a count with its noun, e.g. "1 record", "2 records" (the commands' one way to say how many) */
  protected static String count(long n, String noun) { return n + " " + noun + (n == 1 ? "" : "s"); }

  /** @return stderr */
  protected PrintWriter err() { return spec.commandLine().getErr(); }

  /** @return the saved settings */
  protected Settings settings() { return Settings.load(root().environment().paths().settingsFile()); }

  /**
   * Opens the services. The database is opened here, not before, so {@code --version} and {@code --help}
   * never touch it.
   */
  protected Services services() { return services(global().db); }

  /**
   * Opens the services on a database other than {@code --db}'s (a preview's scratch database).
   *
   * @param db the database path, or null for the default in the data directory
   */
  protected Services services(Path db) {
    CliEnvironment env = root().environment();
    Settings settings = settings();
    GlobalOptions g = global();
    java.util.List<String> urls;
    if (g.ollama != null && g.ollama.isBlank()) throw new dev.evenhand.method.InvalidInputException("--ollama: the URL is empty");
    try {
      urls = OllamaUrls.resolve(g.ollama, settings.ollamaUrls(), env.env().get("OLLAMA_HOST"));
    } catch (IllegalArgumentException e) {
      String from = g.ollama != null ? "--ollama" : !settings.ollamaUrls().isBlank() ? env.paths().settingsFile() + ": ollama.urls"
          : "OLLAMA_HOST";
      if (contactsOllama()) throw new dev.evenhand.method.InvalidInputException(from + ": " + e.getMessage());
      urls = java.util.List.of(OllamaUrls.DEFAULT);
    }
    if (db != null && db.toString().isBlank()) throw new dev.evenhand.method.InvalidInputException("--db: the path is empty");
    PrintWriter err = err();
    Database.Opening opening = new Database.Opening("evenhand " + commandName(), line -> {
      err.println("evenhand: " + line);
      err.flush();
    }, Database.Opening.DEFAULT.patience());
    return new Services(env.paths(), settings, db, urls, env.retry(), opening);
  }

  /** @return this command's name with its parents below the root, e.g. "review accept" */
  private String commandName() {
    StringBuilder sb = new StringBuilder();
    for (CommandSpec s = spec; s != null && s.parent() != null; s = s.parent()) sb.insert(0, s.name() + (sb.length() == 0 ? "" : " "));
    return sb.toString();
  }

  /** @return true for the commands that talk to Ollama (generate, models, pull); the others ignore a bad URL */
  protected boolean contactsOllama() { return false; }

  /**
   * An ordered JSON object for {@link #printJson}.
   *
   * @param keysAndValues key, value, key, value...: keys are strings, values anything Jackson writes (null too)
   * @return the object, keys in the order given
   * @throws IllegalArgumentException when the count is odd
   */
  protected static Map<String, Object> fields(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("fields: a key without a value");
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return m;
  }

  /**
   * Ends a command cancelled by Ctrl+C ({@link CancelOnSignal}) before it finished: {@code {"cancelled": true}} with
   * {@code --json}, the line on stderr.
   *
   * @param line what became of the work, e.g. "import cancelled: nothing was imported"
   * @return {@link #SHORT}
   */
  protected int cancelled(String line) {
    if (json()) printJson(fields("cancelled", true));
    err().println("evenhand: " + line);
    return SHORT;
  }

  /**
   * Says that a Ctrl+C came too late to cancel: after the work's commit point (an import's) or after its files were in
   * place (an export's), when the notice had already said "cancelling". Prints nothing when there was no Ctrl+C.
   *
   * @param cancel   whether a Ctrl+C came
   * @param finished what had happened when it came, e.g. "the export had finished writing"
   * @param kept     what is kept, e.g. "its files"
   */
  protected void tooLateToCancel(java.util.concurrent.atomic.AtomicBoolean cancel, String finished, String kept) {
    if (cancel.get()) err().println("evenhand: Ctrl+C came after " + finished + ": " + kept + " are kept");
  }

  /** Prints one JSON document to stdout. */
  protected void printJson(Object value) {
    try {
      out().println(JSON.writeValueAsString(value));
      out().flush();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
