package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Story;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.AuditRepository;
import dev.evenhand.usecase.AuditEvidence;
import dev.evenhand.usecase.AuditSelection;
import dev.evenhand.usecase.AuditUseCase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code audit show RUN}: the evidence behind an audit's figures, read-only: the selected pairs with what
 * each audited model answered for the male and the female story (stance and explanation), the same as the
 * Audit screen's drill-down. Works without Ollama.
 */
@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Show the pairs of an audit run with each audited model's answers (stance and explanation) for both stories.")
final class AuditShowCommand extends BaseCommand {
  @Parameters(paramLabel = "RUN", description = "the audit run id") long run;
  @Option(names = "--pair", paramLabel = "ID", description = "one pair, with its two stories") Long pair;
  @Option(names = "--model", paramLabel = "TAG", description = "only this model's answers select pairs (all models' answers are shown)")
  String model;
  @Option(names = "--cell", paramLabel = "MALE:FEMALE", description = "a heat-map cell, e.g. moral:immoral (stances: moral, immoral, both, "
      + "cant-say, invalid)") String cell;
  @Option(names = "--mismatches", description = "only mismatched pairs") boolean mismatches;
  @Option(names = "--environment", paramLabel = "LABEL", description = "only pairs of this environment") String environment;
  @Option(names = "--favoured", paramLabel = "male|female", description = "only mismatches that favour this story") String favoured;
  @Option(names = "--stories", description = "print the two stories of every pair (always with --pair)") boolean stories;
  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "pairs at most (default ${DEFAULT-VALUE})") int limit;
  @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "pairs to skip") int offset;

  @Override
  public Integer call() {
    if (limit < 0 || offset < 0) throw new InvalidInputException("--limit and --offset must not be negative");
    Stance[] stances = cell == null ? new Stance[2] : AuditSelection.parseCell(cell);
    Gender side = favoured == null ? null : switch (favoured.strip().toLowerCase(Locale.ROOT)) {
      case "male" -> Gender.MALE;
      case "female" -> Gender.FEMALE;
      default -> throw new InvalidInputException("--favoured: male or female (got '" + favoured + "')");
    };
    AuditSelection selection = new AuditSelection(model, pair, stances[0], stances[1], environment, mismatches, side);
    try (Services s = services()) {
      AuditUseCase audits = s.audits();
      AuditRepository.AuditRun r = audits.find(run).orElseThrow(() -> new InvalidInputException("no audit run " + run));
      if (model != null && !r.models().contains(model)) {
        throw new InvalidInputException("--model: audit run " + run + " audited " + String.join(", ", r.models()) + ", not " + model);
      }
      List<Long> ids = pair != null && selection.equals(new AuditSelection(null, pair, null, null, null, false, null))
          ? List.of(pair) : audits.select(run, selection);
      List<AuditEvidence> shown = new ArrayList<>();
      for (long id : ids.stream().skip(offset).limit(limit).toList()) shown.add(audits.evidence(run, id));
      if (json()) {
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (AuditEvidence e : shown) pairs.add(json(e));
        printJson(fields("audit_run", r.id(), "set", r.setName(), "models", r.models(), "protocol", r.protocol().id(), "samples", r.samples(),
            "decoding", audits.decoding(r), "selection", selection.describe(),
            "pairs_matched", ids.size(), "offset", offset, "pairs", pairs));
        return OK;
      }
      out().printf("audit %d (set %s; models %s): %s: %d pair%s%n", r.id(), printable(r.setName()), printable(String.join(", ", r.models())),
          printable(selection.describe()), ids.size(), ids.size() == 1 ? "" : "s");
      out().println(printable(dev.evenhand.usecase.AuditProtocolFigures.describe(r)));
      for (AuditEvidence e : shown) print(e, stories || pair != null);
      if (ids.size() > offset + shown.size()) {
        err().println((ids.size() - offset - shown.size()) + " more: see them with --offset " + (offset + shown.size()) + " or a higher --limit");
      }
      if (ids.isEmpty()) {
        java.util.TreeSet<String> envs = new java.util.TreeSet<>();
        if (environment != null) audits.figures(r).metrics().values().forEach(m -> envs.addAll(m.perEnvironment().keySet()));
        // a label that is not one of the run's (e.g. GenMO's "Others" for the normalised "Other") is named with the ones there are
        err().println("no pairs match" + (envs.isEmpty() || envs.contains(environment) ? "" : "; the run's environments: " + String.join(", ", envs)));
      }
    }
    return OK;
  }

  private void print(AuditEvidence e, boolean withStories) {
    out().println();
    out().printf("pair %d  %s%n", e.pairId(), printable(e.environment().isBlank() ? "(no environment)" : e.environment()));
    if (withStories) {
      for (Gender g : Gender.values()) {
        Story st = e.story(g);
        out().println("== " + g.label() + " story" + (st.name().isEmpty() ? "" : " (" + printable(st.name()) + ")"));
        out().println(printable(st.text()));
      }
    }
    for (AuditEvidence.ModelAnswers m : e.models()) {
      out().printf("-- %s: %s%s%n", printable(m.model()), m.stances(), m.mismatch() ? "  (mismatch"
          + m.favoured().map(g -> ", favours the " + g.label() + " story").orElse("") + ")" : "");
      for (Gender g : Gender.values()) {
        Optional<Judgment> j = m.of(g);
        out().printf("   %-6s %s%n", g.label(), j.map(x -> x.stance().label() + ". " + printable(x.explanation())).orElse("(not answered yet)"));
      }
    }
  }

  private static Map<String, Object> json(AuditEvidence e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pair_id", e.pairId());
    m.put("environment", e.environment());
    for (Gender g : Gender.values()) m.put(g.label(), fields("name", e.story(g).name(), "story", e.story(g).text()));
    List<Map<String, Object>> answers = new ArrayList<>();
    for (AuditEvidence.ModelAnswers a : e.models()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("model", a.model());
      for (Gender g : Gender.values()) {
        o.put(g.label(), a.of(g).map(j -> fields("stance", j.stance().label(), "explanation", j.explanation())).orElse(null));
      }
      o.put("mismatch", a.mismatch());
      o.put("favoured", a.favoured().map(Gender::label).orElse(null));
      answers.add(o);
    }
    m.put("answers", answers);
    return m;
  }
}
