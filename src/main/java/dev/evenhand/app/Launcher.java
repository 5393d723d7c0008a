package dev.evenhand.app;

import dev.evenhand.app.cli.Cli;
import dev.evenhand.app.cli.CliEnvironment;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point of the jar: no arguments opens the GUI, a command runs the CLI (DESIGN.md). It does
 * not extend {@code Application}, so JavaFX runs from the classpath (STACK.md).
 */
public final class Launcher {
  private Launcher() {}

  private static void startGui(String[] args) {
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    boolean unixWithoutDisplay = !os.contains("win") && !os.contains("mac") && System.getenv("DISPLAY") == null
        && System.getenv("WAYLAND_DISPLAY") == null && !"Monocle".equals(System.getProperty("glass.platform"));
    if (unixWithoutDisplay) {
      System.err.println("evenhand: no display to open the GUI on (DISPLAY is not set); use the command line instead: "
          + "java -jar evenhand.jar --help");
      System.exit(2);
    }
    // running from the class path is supported (STACK.md); JavaFX's warning about it would only clutter stderr
    java.util.logging.Logger.getLogger("javafx").setLevel(java.util.logging.Level.SEVERE);
    try {
      EvenhandApp.start(args);
    } catch (RuntimeException e) {
      java.util.Optional<String> why = toolkitMissing(e);
      if (why.isEmpty()) throw e;
      System.err.println(why.get());
      System.exit(2);
    }
  }

  /**
   * The line to print when JavaFX could not start its windowing toolkit: on Linux, JavaFX's glass library needs GTK 3
   * ({@code libgtk-3-0} on Debian and Ubuntu), and without it {@code Application.launch} throws
   * {@code UnsupportedOperationException: Unable to load glass GTK library.} (JavaFX's GtkApplication); a display that
   * cannot be opened gives {@code Unable to open DISPLAY}.
   *
   * @param e what starting the GUI threw (the cause chain is searched)
   * @return the line for stderr, or empty when {@code e} is something else (left to the usual internal-error report)
   */
  static java.util.Optional<String> toolkitMissing(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("glass GTK")) {
        return java.util.Optional.of("evenhand: the GUI cannot start: JavaFX could not load the GTK 3 library it draws windows with"
            + " (Debian/Ubuntu: sudo apt install libgtk-3-0; Fedora: sudo dnf install gtk3); the command line works without it: "
            + "java -jar evenhand.jar --help");
      }
      if (m.contains("Unable to open DISPLAY")) {
        return java.util.Optional.of("evenhand: the GUI cannot start: the display " + System.getenv("DISPLAY")
            + " cannot be opened; use the command line instead: java -jar evenhand.jar --help");
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    CliEnvironment env = CliEnvironment.current();
    System.setProperty("evenhand.logDir", env.paths().logDir().toString());
    if (args.length == 0) {
      startGui(new String[0]);
      return;
    }
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = Cli.run(args, env, g -> {
      List<String> a = new ArrayList<>();
      if (g.db() != null) a.add("--db=" + g.db());
      if (g.ollama() != null) a.add("--ollama=" + g.ollama());
      startGui(a.toArray(String[]::new));
    }, out, err);
    System.exit(code);
  }
}
