package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.domain.PairComment;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code comment PAIR_ID TEXT} adds a comment on a pair for the other reviewers (author: the reviewer of the settings);
 * {@code comments PAIR_ID} lists a pair's comments, newest first (issue 15, point 5). The Review screen shows the same
 * comments beside the pair.
 */
@Command(name = "comment", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Add a comment on a pair for the other reviewers.")
public final class CommentCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "PAIR_ID") long pairId;
  @Parameters(index = "1", paramLabel = "TEXT", description = "the comment (at most " + PairComment.MAX_TEXT + " characters)") String text;

  @Override
  public Integer call() {
    try (Services s = services()) {
      PairComment c = s.comments().add(pairId, s.settings().reviewer(), text);
      if (json()) printJson(json(c));
      else out().println("comment #" + c.id() + " on pair " + c.pairId() + " by " + printable(c.author()));
    }
    return OK;
  }

  static Map<String, Object> json(PairComment c) {
    return fields("id", c.id(), "pair_id", c.pairId(), "author", c.author(), "created_at", c.at().toString(), "text", c.text());
  }

  /** {@code comments PAIR_ID [--limit N]}. */
  @Command(name = "comments", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "List a pair's comments, newest first.")
  public static final class ListComments extends BaseCommand {
    @Parameters(paramLabel = "PAIR_ID") long pairId;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "comments at most (default ${DEFAULT-VALUE})") int limit;

    @Override
    public Integer call() {
      try (Services s = services()) {
        List<PairComment> all = s.comments().newest(pairId, limit);
        if (json()) printJson(all.stream().map(CommentCommand::json).toList());
        else {
          for (PairComment c : all) out().printf("%s  %s%n  %s%n", c.at(), printable(c.author()), printable(c.text()).replace("\n", "\n  "));
          if (all.isEmpty()) err().println("pair " + pairId + " has no comments");
        }
      }
      return OK;
    }
  }
}
