package dev.evenhand.app.cli;

import dev.evenhand.llm.OllamaException;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.StoreException;
import java.io.PrintWriter;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line (picocli), following the CLI contract of DESIGN.md: global options before or after
 * the command, results on stdout (one JSON document with {@code --json}), progress and one-line errors
 * on stderr, no stack trace on the console (it goes to the log, whose path the error line names), and
 * the contract's exit codes. Option values bound for a limited column are checked by {@link OptionLimits}
 * before any command runs.
 */
@Command(name = "evenhand", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = "Gender-bias curation data from a local Ollama model. No command: open the GUI.",
    subcommands = {GenerateCommand.class, ReviewCommand.class, ExportCommand.class, ModelsCommand.class, PullCommand.class, ImportCommand.class, AuditCommand.class, ModelfileCommand.class, DeleteCommand.class, StatsCommand.class, DbCommand.class,
        GuidelinesCommand.class, CommentCommand.class, CommentCommand.ListComments.class, AssignCommand.class, AssignCommand.Assignments.class,
        CommandLine.HelpCommand.class})
public final class Cli extends BaseCommand {
  private static final Logger LOG = LoggerFactory.getLogger(Cli.class);
  private final CliEnvironment environment;
  private final Consumer<GlobalOptions> gui;

  /**
   * @param environment directories, environment variables, retry policy
   * @param gui         opens the GUI with the global options (called when no command is given)
   */
  public Cli(CliEnvironment environment, Consumer<GlobalOptions> gui) {
    this.environment = environment;
    this.gui = gui;
  }

  /** @return directories, environment variables, retry policy */
  public CliEnvironment environment() { return environment; }

  @Override
  public Integer call() {
    gui.accept(global());
    return OK;
  }

  /**
   * Runs a command line.
   *
   * @param args the arguments
   * @param env  the environment
   * @param gui  opens the GUI when no command is given
   * @param out  stdout
   * @param err  stderr
   * @return the exit code of the CLI contract
   */
  public static int run(String[] args, CliEnvironment env, Consumer<GlobalOptions> gui, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Cli(env, gui));
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setResourceBundle(new HelpWords(() -> dev.evenhand.llm.ModelProfile.defaultModelTag(new dev.evenhand.llm.Resources(env.paths().configDir()))));
    cl.setExecutionStrategy(new OptionLimits(new CommandLine.RunLast()));
    cl.setParameterExceptionHandler((ex, a) -> {
      // a value our own converters refused (OptionTypes) is reported in the contract's words, as any bad input
      if (ex.getCause() instanceof OptionTypes.Refused refused) err.println("evenhand: " + refused.getMessage());
      else err.println("evenhand: " + ex.getMessage() + " (see: evenhand " + commandPath(ex.getCommandLine()) + "--help)");
      err.flush();
      return BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      int code = exitCode(ex);
      String line = message(ex, env);
      if (code == INTERNAL) LOG.error("internal error running {}", String.join(" ", args), ex);
      else LOG.warn("{} (exit {})", line, code);
      err.println("evenhand: " + line);
      err.flush();
      return code;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String commandPath(CommandLine c) {
    StringBuilder sb = new StringBuilder();
    for (CommandLine x = c; x != null && x.getParent() != null; x = x.getParent()) sb.insert(0, x.getCommandName() + " ");
    return sb.toString();
  }

  static int exitCode(Throwable ex) {
    if (ex instanceof InvalidInputException || ex instanceof IllegalArgumentException) return BAD_INPUT;
    if (ex instanceof dev.evenhand.store.ReviewConflictException) return BAD_INPUT; // decided meanwhile by another reviewer
    if (ex instanceof StoreException se && se.badLocation()) return BAD_INPUT;
    if (ex instanceof OllamaException oe) {
      return switch (oe.kind()) {
        // A server that answers only with errors, stalls or drops the connection is as unusable as
        // one that does not answer: the contract's 4 (DESIGN.md), not an Evenhand bug.
        case UNREACHABLE, SERVER_ERROR, SERVER_BUSY, TIMEOUT, DROPPED_CONNECTION, STREAM_ERROR -> UNREACHABLE;
        case MODEL_NOT_FOUND -> NO_MODEL;
        default -> INTERNAL;
      };
    }
    return INTERNAL;
  }

  static String message(Throwable ex, CliEnvironment env) {
    if (ex instanceof InvalidInputException || ex instanceof IllegalArgumentException || ex instanceof OllamaException
        || ex instanceof dev.evenhand.store.ReviewConflictException) {
      return ex.getMessage();
    }
    if (ex instanceof StoreException) return ex.getMessage() + " (details in " + env.paths().logFile() + ")";
    if (ex instanceof java.io.IOException io) return "cannot write: " + io.getMessage() + " (details in " + env.paths().logFile() + ")";
    return "internal error: " + ex + " (details in " + env.paths().logFile() + ")";
  }
}
