package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.domain.Guidelines;
import dev.evenhand.exchange.FileProblems;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.usecase.GuidelinesUseCase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code guidelines SET [--edit FILE | --show | --show-version N | --history]}: the annotation guidelines of a pair set
 * (issue 15, point 5), Markdown shown beside every pair of the set on the Review screen. {@code --edit} saves a file's
 * text as the set's next version (the author is the reviewer of the settings; old versions are kept); the default
 * shows the current version. Each review decision records the version in force when it was saved ({@code review show}).
 */
@Command(name = "guidelines", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Show or edit the guidelines (Markdown, versioned) of a pair set.")
public final class GuidelinesCommand extends BaseCommand {
  @Parameters(paramLabel = "SET", description = "the pair set") String set;

  @ArgGroup(exclusive = true) Which which;

  /** What to do; the default is --show. */
  static final class Which {
    @Option(names = "--edit", paramLabel = "FILE", description = "save the file's text (UTF-8 Markdown) as the set's next version") Path edit;
    @Option(names = "--show", description = "print the current version (the default)") boolean show;
    @Option(names = "--show-version", paramLabel = "N", description = "print an older version") Integer version;
    @Option(names = "--history", description = "list every version: number, author, time, length") boolean history;
  }

  @Override
  public Integer call() {
    String text = which != null && which.edit != null ? read(which.edit) : null;
    try (Services s = services()) {
      GuidelinesUseCase g = s.guidelines();
      if (text != null) {
        GuidelinesUseCase.Edit e = g.edit(set, text, s.settings().reviewer());
        if (json()) printJson(json(e.guidelines(), true, e.changed()));
        else out().println((e.changed() ? "saved guidelines of set " : "unchanged guidelines of set ") + printable(set) + ": version "
            + e.guidelines().version());
      } else if (which != null && which.history) {
        List<Guidelines> all = g.versions(set);
        if (json()) {
          List<Map<String, Object>> arr = new ArrayList<>();
          for (Guidelines v : all) arr.add(json(v, false, null));
          printJson(arr);
        } else {
          for (Guidelines v : all) out().printf("%4d  %s  %-16s %d characters%n", v.version(), v.at(), printable(v.author()), v.text().length());
          if (all.isEmpty()) err().println(none());
        }
      } else {
        Optional<Guidelines> shown = which != null && which.version != null ? Optional.of(g.version(set, which.version)) : g.current(set);
        if (json()) printJson(shown.map(v -> json(v, true, null)).orElse(fields("set", set, "version", null, "text", null)));
        else if (shown.isEmpty()) err().println(none());
        else {
          Guidelines v = shown.get();
          err().println("guidelines of set " + printable(set) + ", version " + v.version() + " by " + printable(v.author()) + ", " + v.at());
          out().println(printable(v.text()));
        }
      }
    }
    return OK;
  }

  private String none() { return "pair set " + printable(set) + " has no guidelines yet (evenhand guidelines " + set + " --edit FILE)"; }

  private static Map<String, Object> json(Guidelines g, boolean withText, Boolean changed) {
    Map<String, Object> m = fields("set", g.set(), "version", g.version(), "author", g.author(), "created_at", g.at().toString());
    if (withText) m.put("text", g.text());
    if (changed != null) m.put("changed", changed);
    return m;
  }

  /** @return the file's text @throws InvalidInputException naming the file when it cannot be read or is not UTF-8 */
  private static String read(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("--edit: " + file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new InvalidInputException("--edit: " + file + ": " + FileProblems.why(e));
    }
  }
}
