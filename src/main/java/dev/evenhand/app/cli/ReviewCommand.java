package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Story;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code review}: list, show, accept, reject and edit pairs in the review queue. */
@Command(name = "review", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Review story pairs: list, show, accept, reject, edit.",
    subcommands = {ReviewCommand.ListPairs.class, ReviewCommand.Show.class, ReviewCommand.Accept.class, ReviewCommand.Reject.class,
        ReviewCommand.Edit.class})
public final class ReviewCommand extends BaseCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(err());
    return BAD_INPUT;
  }

  static String reviewer(Services s) { return s.settings().reviewer(); }

  static Map<String, Object> pairJson(CuratedPair p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("set", p.setName());
    m.put("environment", p.pair().environment());
    m.put("status", p.status().label());
    m.put("divergent", p.divergence().name().equals("DIVERGENT"));
    m.put("rouge1", p.rouge1());
    m.put("model", p.modelTag());
    for (Gender g : Gender.values()) {
      Story s = p.pair().story(g);
      Map<String, Object> side = new LinkedHashMap<>();
      side.put("name", s.name());
      side.put("story", s.text());
      side.put("stance", p.judgment(g).map(j -> j.stance().label()).orElse(null));
      side.put("explanation", p.judgment(g).map(Judgment::explanation).orElse(null));
      side.put("balanced_judgment", p.balanced().map(b -> b.forGender(g)).orElse(null));
      m.put(g.label(), side);
    }
    return m;
  }

  static Map<String, Object> reviewJson(Review r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("pair_id", r.pairId());
    m.put("reviewer", r.reviewer());
    m.put("action", r.action().label());
    m.put("status_before", r.before().label());
    m.put("status_after", r.after().label());
    m.put("reason", r.reason());
    m.put("at", r.at().toString());
    if (r.overridden()) {
      m.put("override", r.override().stream().map(w -> fields("story", w.story().label(), "word", w.word(), "reason", w.reason())).toList());
    }
    return m;
  }

  /** The neutrality gate's override (issue 12), on every command that accepts. */
  static final class AllowGendered {
    @Option(names = "--allow-gendered", description = "accept a balanced judgment the lint flags anyway; the flagged words are "
        + "recorded in the review history as an override (without it such a pair is refused, exit 2)")
    boolean allow;
  }

  /**
   * The version a decision is made on (issue 15, point 3): {@code review show} prints it; a decision on a pair another
   * reviewer decided since is refused (exit 2) and kept only as this reviewer's own blind history row.
   */
  static final class OnVersion {
    @Option(names = "--on-version", paramLabel = "N", description = "the pair's version this decision is made on "
        + "(as review show prints it); refused when someone decided the pair since (one ID only)")
    Long version;

    /**
     * @return the version for this pair, -1 (no check) when none was given
     * @throws InvalidInputException with several pairs, or a negative version (-1 was taken as "no check", so a breaker's
     *     {@code --on-version -1} overrode a colleague's decision without a word)
     */
    long forPairs(List<Long> ids) {
      if (version == null) return -1;
      if (version < 0) throw new InvalidInputException("--on-version: a version is 0 or more, as review show prints it (got " + version + ")");
      if (ids.size() != 1) throw new InvalidInputException("--on-version: give exactly one pair ID");
      return version;
    }
  }

  /** {@code review list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "List pairs, divergent first.")
  static final class ListPairs extends BaseCommand {
    @Option(names = "--status", paramLabel = "STATUS", converter = OptionTypes.StatusOrAll.class, description = "pending, accepted, rejected or all (default all)")
    ReviewStatus status;

    @Mixin PairFilterOptions filters;

    @Option(names = "--assigned-to", paramLabel = "NAME", description = "only this reviewer's own queue: pairs assigned to them "
        + "(evenhand assign) that they have not decided yet")
    String assignedTo;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "rows at most (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "rows to skip")
    int offset;

    @Override
    public Integer call() {
      PairQuery q = filters.filter(status).query().withAssignedTo(assignedTo);
      if (limit < 0 || offset < 0) throw new InvalidInputException("--limit and --offset must not be negative");
      try (Services s = services()) {
        // one row more than asked shows whether more match (a list cut at --limit said nothing)
        List<PairSummary> page = s.reviews().page(q, offset, limit == Integer.MAX_VALUE ? limit : limit + 1);
        boolean more = page.size() > limit;
        List<PairSummary> rows = more ? page.subList(0, limit) : page;
        if (json()) {
          List<Map<String, Object>> arr = new ArrayList<>();
          for (PairSummary r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("status", r.status().label());
            m.put("divergent", r.divergent());
            m.put("environment", r.environment());
            m.put("male_name", r.maleName());
            m.put("female_name", r.femaleName());
            m.put("male_stance", r.maleStance().label());
            m.put("female_stance", r.femaleStance().label());
            arr.add(m);
          }
          printJson(arr);
        } else {
          for (PairSummary r : rows) {
            out().printf("%6d  %-8s  %-9s  %-12s  %-9s / %-9s  %s%n", r.id(), r.status().label(), r.divergent() ? "divergent" : "consistent",
                printable(r.environment()), r.maleStance().label(), r.femaleStance().label(), printable(r.maleName() + " / " + r.femaleName()));
          }
          if (rows.isEmpty()) {
            String set = filters.filter(status).set();
            long waiting = offset == 0 ? s.reviews().awaitingCuration(set) : 0;
            err().println("no pairs match" + (waiting == 0 ? "" : "; " + waiting + " imported pair" + (waiting == 1 ? " has" : "s have")
                + " no judgments yet and " + (waiting == 1 ? "is" : "are") + " in no review queue: " + s.reviews().judgeCommand(set)
                + " judges them (`evenhand review show ID` shows one now)"));
          }
          if (more) err().println("evenhand: more pairs match; the next ones: --offset " + ((long) offset + limit) + " --limit " + limit);
        }
      }
      return OK;
    }
  }

  /** {@code review show ID}. */
  @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Show one pair in full.")
  static final class Show extends BaseCommand {
    @Parameters(paramLabel = "ID") long id;

    @Override
    public Integer call() {
      try (Services s = services()) {
        CuratedPair p = s.reviews().pair(id).orElseThrow(() -> new InvalidInputException("no pair " + id));
        // an imported pair (GenMO) has no judgment of its own: what models answered on it is in the audits
        boolean imported = p.maleJudgment().isEmpty() && p.femaleJudgment().isEmpty() && (p.modelTag() == null || p.modelTag().isBlank());
        List<Long> audited = imported ? s.audits().runsOfPair(id) : List.of();
        if (json()) {
          Map<String, Object> m = pairJson(p);
          m.put("version", s.reviews().presence().version(id));
          if (imported) m.put("audit_runs", audited);
          List<Map<String, Object>> h = new ArrayList<>();
          Map<Long, Integer> guidelines = s.guidelines().historyVersions(id); // issue 15, point 5
          for (Review r : s.reviews().history(id)) {
            Map<String, Object> row = reviewJson(r);
            row.put("guidelines_version", guidelines.get(r.id()));
            h.add(row);
          }
          m.put("history", h);
          printJson(m);
          return OK;
        }
        if (imported) {
          out().printf("pair %d  imported into set %s  %s: no judgment of its own, nothing to review%n", p.id(), printable(p.setName()),
              printable(p.pair().environment()));
        } else {
          out().printf("pair %d  [%s]  %s  %s  ROUGE-1 %.3f  model %s  version %d%n", p.id(), p.status().label(), p.divergence().name().toLowerCase(),
              printable(p.pair().environment()), p.rouge1(), printable(p.modelTag()), s.reviews().presence().version(id));
        }
        for (Gender g : Gender.values()) {
          Story st = p.pair().story(g);
          out().println();
          out().println("== " + g.label() + " story (" + (st.name().isEmpty() ? "first person" : printable(st.name())) + ")");
          out().println(printable(st.text()));
          p.judgment(g).ifPresent(j -> out().println("-- judgment: " + j.stance().label() + ". " + printable(j.explanation())));
          p.balanced().ifPresent(b -> out().println("-- balanced judgment: " + printable(b.forGender(g))));
        }
        if (imported) {
          out().println();
          out().println(audited.isEmpty() ? "-- not audited yet" : "-- the audited models' answers: evenhand audit show " + audited.get(0) + " --pair " + id
              + (audited.size() > 1 ? " (also audit runs " + audited.subList(1, audited.size()) + ")" : ""));
        }
        Map<Long, Integer> guidelines = s.guidelines().historyVersions(id); // issue 15, point 5: the version each decision was made under
        for (Review r : s.reviews().history(id)) {
          out().printf("%n%s  %s by %s: %s -> %s %s", r.at(), r.action().label(), printable(r.reviewer()), r.before().label(), r.after().label(),
              r.reason().isEmpty() ? "" : "(" + printable(r.reason()) + ")");
          if (guidelines.containsKey(r.id())) out().printf(" [guidelines v%d]", guidelines.get(r.id()));
          if (r.overridden()) out().printf("%n    override: accepted although not gender-neutral: %s",
              printable(dev.evenhand.usecase.GenderedJudgmentRefused.describe(r.override())));
        }
        out().println();
      }
      return OK;
    }
  }

  /** {@code review accept ID...|--all}. */
  @Command(name = "accept", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Accept pairs with their balanced judgments.")
  static final class Accept extends BaseCommand {
    @ArgGroup(exclusive = true, multiplicity = "1") Which which;

    static final class Which {
      @Parameters(paramLabel = "ID", arity = "1..*") List<Long> ids;
      @Option(names = "--all", description = "accept every pending pair", required = true) boolean all;
    }

    @Mixin AllowGendered gendered;
    @Mixin OnVersion onVersion;

    @Override
    public Integer call() {
      try (Services s = services()) {
        List<Long> ids = which.all ? s.reviews().ids(PairQuery.ALL.withStatus(ReviewStatus.PENDING)) : which.ids.stream().distinct().toList();
        s.reviews().requireInQueue(ids);
        if (!gendered.allow) s.reviews().requireNeutral(ids);
        List<Map<String, Object>> done = new ArrayList<>();
        long v = onVersion.forPairs(ids);
        for (long id : ids) done.add(reviewJson(s.reviews().accept(id, reviewer(s), gendered.allow, v)));
        if (json()) printJson(done);
        else out().println("accepted " + done.size() + " pair" + (done.size() == 1 ? "" : "s"));
      }
      return OK;
    }
  }

  /** {@code review reject ID... [--reason TEXT]}. */
  @Command(name = "reject", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Reject pairs.")
  static final class Reject extends BaseCommand {
    @Parameters(paramLabel = "ID", arity = "1..*") List<Long> ids;
    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "why") String reason;
    @Mixin OnVersion onVersion;

    @Override
    public Integer call() {
      try (Services s = services()) {
        List<Long> unique = ids.stream().distinct().toList();
        s.reviews().requireInQueue(unique);
        List<Map<String, Object>> done = new ArrayList<>();
        long v = onVersion.forPairs(unique);
        for (long id : unique) done.add(reviewJson(s.reviews().reject(id, reviewer(s), reason, v)));
        if (json()) printJson(done);
        else out().println("rejected " + done.size() + " pair" + (done.size() == 1 ? "" : "s"));
      }
      return OK;
    }
  }

  /** {@code review edit ID --male TEXT --female TEXT}: sets the balanced judgments and accepts. */
  @Command(name = "edit", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Set the balanced judgments of a pair and accept it.")
  static final class Edit extends BaseCommand {
    @Parameters(paramLabel = "ID") long id;
    @Option(names = "--male", paramLabel = "TEXT", required = true, description = "balanced judgment of the male story") String male;
    @Option(names = "--female", paramLabel = "TEXT", required = true, description = "balanced judgment of the female story") String female;
    @Mixin AllowGendered gendered;
    @Mixin OnVersion onVersion;

    @Override
    public Integer call() {
      try (Services s = services()) {
        if (s.reviews().pair(id).isEmpty()) throw new InvalidInputException("no pair " + id);
        Review r = s.reviews().acceptEdited(id, reviewer(s), new BalancedJudgment(male.strip(), female.strip()), gendered.allow, onVersion.forPairs(List.of(id)));
        if (json()) printJson(reviewJson(r));
        else out().println("pair " + id + " edited and accepted" + (r.overridden() ? " (override: not gender-neutral: "
            + printable(dev.evenhand.usecase.GenderedJudgmentRefused.describe(r.override())) + ")" : ""));
      }
      return OK;
    }
  }
}
