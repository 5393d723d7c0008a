package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.Stance;
import dev.evenhand.usecase.ReviewService;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.ReviewRepository;
import dev.evenhand.store.RunRepository;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.Seeds;
import com.fasterxml.jackson.databind.JsonNode;
import dev.evenhand.domain.ChatExchange;
import dev.evenhand.domain.FaultKind;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.ModelCall;
import dev.evenhand.domain.ModelRef;
import dev.evenhand.domain.PromptTemplate;
import dev.evenhand.domain.Step;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.domain.Timings;
import dev.evenhand.method.Rouge1;
import dev.evenhand.method.StoryDiff;
import dev.evenhand.store.CallRepository;
import dev.evenhand.store.GenerationRun;
import dev.evenhand.store.PairStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code evenhand} export is lossless (FORMATS.md): export, import into a fresh database, export
 * again gives the same bytes, and the two databases hold the same pairs, judgments, balanced judgments
 * (as proposed and as edited) and review history (texts before and after, blind reviews, undo and redo), and the
 * generation provenance: the seed theme and every model call of a pair, linked to its judgments and balanced judgment.
 * Seen failing on the export before issue 13 (commit e02fb72): "[keys at .history[]]" (override only on some rows), and
 * no theme, calls, digest or Ollama version was written or read back.
 */
class LosslessRoundTripTest {
  @TempDir Path home;

  private CliRunner cli() { return new CliRunner(home, Map.of()); }

  /**
   * Every stored value of every pair that a round trip must keep, one line per row, keyed by the pair id
   * written in exports (the source id of an imported pair, else its id). Store ids, queue keys, the run and its
   * attempt numbers are left out: they are not the pair's content. The seed theme and the pair's model calls (audits
   * aside) are in, and a judgment's or balanced judgment's call is named by its step and start time.
   */
  static List<String> contents(Path db) {
    String key = "COALESCE(p.source_id, p.id)";
    String call = "(SELECT CONCAT(mc.step, ' ', mc.started_at) FROM model_call mc WHERE mc.id = %s.call_id)";
    String[] tables = {"pair", "story", "judgment", "balanced", "history", "call"};
    String[] queries = {
        "SELECT " + key + ", p.environment, p.rouge1, p.identical, p.stage, p.divergent, COALESCE(p.model_tag, ''), p.status, p.flagged, "
            + "p.created_at, p.fidelity_flags, " + dev.evenhand.store.ExportRun.EXPORTED_AT + ", p.theme_id, p.stories_hash FROM story_pair p "
            + "ORDER BY 1",
        "SELECT " + key + ", s.gender, s.name, s.text FROM story s JOIN story_pair p ON p.id = s.pair_id ORDER BY 1, 2",
        "SELECT " + key + ", s.gender, j.model_tag, j.template_id, j.template_version, j.stance, j.explanation, j.created_at, "
            + call.formatted("j") + " FROM judgment j JOIN story s ON s.id = j.story_id JOIN story_pair p ON p.id = s.pair_id ORDER BY 1, 2, j.id",
        "SELECT " + key + ", b.gender, b.proposed_text, b.text, b.updated_at, " + call.formatted("b") + " FROM balanced_judgment b "
            + "JOIN story_pair p ON p.id = b.pair_id ORDER BY 1, 2",
        "SELECT " + key + ", r.reviewer, r.action, r.status_before, r.status_after, r.male_before, r.female_before, r.male_after, "
            + "r.female_after, r.reason, r.blind, r.created_at FROM review_action r JOIN story_pair p ON p.id = r.pair_id ORDER BY 1, r.id",
        "SELECT " + key + ", c.step, c.model_tag, c.model_digest, c.ollama_version, c.host_url, c.template_id, c.template_version, "
            + "CAST(c.options AS VARCHAR), c.request_text, c.raw_reply, c.outcome, c.fault_kind, c.error_message, c.done_reason, c.total_duration_ns, "
            + "c.load_duration_ns, c.prompt_eval_count, c.prompt_eval_duration_ns, c.eval_count, c.eval_duration_ns, c.wall_ms, c.started_at "
            + "FROM model_call c JOIN story_pair p ON p.id = c.pair_id WHERE c.audit_run_id IS NULL ORDER BY 1, c.id"};
    try (Database d = Database.open(db)) {
      return d.read(c -> {
        List<String> rows = new ArrayList<>();
        for (int t = 0; t < queries.length; t++) {
          try (var st = c.createStatement(); var rs = st.executeQuery(queries[t])) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              StringBuilder sb = new StringBuilder(tables[t]).append(':');
              for (int i = 1; i <= n; i++) sb.append(' ').append(rs.getString(i));
              rows.add(sb.toString());
            }
          }
        }
        return rows;
      });
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  private static final String DIGEST = "sha256:46e0c10c039e019119339687c3c1757cc81b9da49709a3b3924863ba87ca666e";

  /**
   * Checks that every object at one path (e.g. {@code male.judgments[]}) has the same keys on every line, as Hugging
   * Face datasets' schema inference needs: {@code shapes} keeps the keys first seen at each path.
   */
  private static void sameKeys(JsonNode n, String path, Map<String, java.util.Set<String>> shapes) {
    if (n.isObject()) {
      java.util.Set<String> keys = new java.util.TreeSet<>();
      n.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).as("keys at %s", path).isEqualTo(shapes.computeIfAbsent(path, k -> keys));
      n.fields().forEachRemaining(e -> sameKeys(e.getValue(), path + "." + e.getKey(), shapes));
    } else if (n.isArray()) {
      for (JsonNode e : n) sameKeys(e, path + "[]", shapes);
    }
  }

  /** A call as the generation stores it: options, request and reply with odd characters; a failed one has no reply and no timings. */
  private static ModelCall call(Step step, String template, String reply, FaultKind fault, Instant at) {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("temperature", step == Step.JUDGMENT ? 0 : 0.7);
    options.put("num_predict", 256);
    options.put("stop", List.of("\n\n", "“END”"));
    Timings t = fault == null ? new Timings(1_234_567_890L, 5_000_000L, 88, 40_000_000L, 120, 900_000_000L) : Timings.NONE;
    String error = fault == null ? null : "the reply has no \"stance\"";
    return new ModelCall(step, new ModelRef("llama3.1:8b", DIGEST, "0.6.5"), new PromptTemplate(template, 3, ""), options,
        new ChatExchange("http://127.0.0.1:11434", "{\"model\":\"llama3.1:8b\",\"messages\":[{\"role\":\"user\",\"content\":\"Léa \\\"said\\\"\\n😀\"}]}",
            fault == null ? reply : null, reply, fault == null ? "stop" : null, t, fault, error, at, 1234), fault, error);
  }

  /** A generated pair whose story, judgments and balanced judgment each have their stored call; an audit call too. */
  private static long generatedWithCalls(Database d, PairRepository pairs) {
    CallRepository calls = new CallRepository(d);
    GenerationRun run = new RunRepository(d).create("llama3.1:8b", "default", 10, 50, false, "{}");
    Instant t0 = Instant.parse("2026-01-02T03:04:05.123456Z");
    StoryPair p = new StoryPair(new Story(Gender.MALE, "Léo", "Léo drank his tea at the desk and left the cup there."),
        new Story(Gender.FEMALE, "Léa", "Léa drank her coffee at the desk and left the cup there."), "Work");
    long story = calls.insert(run.id(), null, 1, call(Step.STORY_PAIR, "story_pair", "Male Story: …", null, t0));
    long id = pairs.insertGenerated(run.id(), run.setId(), 1, "work-07", p, Rouge1.f1(p.male().text(), p.female().text()), "llama3.1:8b",
        StoryDiff.of(p.male().text(), p.female().text(), "Léo", "Léa").flags(), story, null);
    PromptTemplate judgment = new PromptTemplate("judgment", 3, "");
    long m = calls.insert(run.id(), id, 1, call(Step.JUDGMENT, "judgment", "{\"stance\":\"Moral\",\"explanation\":\"Léo was tidy enough.\"}", null,
        t0.plusSeconds(1)));
    calls.insert(run.id(), id, 1, call(Step.JUDGMENT, "judgment", "Immoral because", FaultKind.SCHEMA_MISMATCH, t0.plusSeconds(2)));
    long f = calls.insert(run.id(), id, 1, call(Step.JUDGMENT, "judgment", "{\"stance\":\"Immoral\",\"explanation\":\"Léa left a mess.\"}", null,
        t0.plusSeconds(3)));
    pairs.saveJudgment(id, Gender.MALE, "llama3.1:8b", judgment, new Judgment(Stance.MORAL, "Léo was tidy enough."), m);
    pairs.saveJudgment(id, Gender.FEMALE, "llama3.1:8b", judgment, new Judgment(Stance.IMMORAL, "Léa left a mess."), f);
    pairs.setStage(id, PairStage.BALANCING, true, null);
    long b = calls.insert(run.id(), id, 1, call(Step.BALANCED, "balanced", "Updated Male Explanation: …", null, t0.plusSeconds(4)));
    pairs.saveBalancedAndComplete(id, new BalancedJudgment("The main character left a cup.", "The main character left a cup."), b);
    calls.insertForAudit(new dev.evenhand.store.AuditRepository(d).create(run.setName(), List.of("llama3.1:8b"), null).id(), id,
        call(Step.AUDIT, "audit", "A. Moral", null, t0.plusSeconds(5)));
    return id;
  }

  @Test
  void exportImportExportKeepsEditsRejectionsUndoAndTwoReviewers() throws Exception {
    Path a = home.resolve("a/evenhand");
    try (Database d = Database.open(a)) {
      PairRepository pairs = new PairRepository(d);
      Seeds seeds = new Seeds(pairs, new RunRepository(d));
      seeds.plain(1, 5);
      long odd = seeds.pair("José", "José kept the café's tip jar.\nHe said \"thanks\". 😀", "Zoë", "Zoë kept the café's tip jar.\nShe said \"thanks\". 😀",
          "Work", Stance.BOTH, "José, \"kind\"\nreally.", Stance.IMMORAL, "Zoë was rude; 李娜 agreed.", "The main character, fair.", "The main character, fair.");
      ReviewService review = new ReviewService(new ReviewRepository(d));
      // 1: edited by ada, then a blind second review by bob with his own edit
      review.acceptEdited(1, "ada", new BalancedJudgment("Edited for him.", "Edited for her."), true);
      review.blind(1, "bob", true, Optional.of(new BalancedJudgment("Bob's text, male.", "Bob's text, female.")), "");
      // 2: rejected with a reason, undone, redone, undone again, then accepted with an edit
      Review rejected = review.reject(2, "ada", "too \"vague\", really");
      review.undo(rejected, "ada");
      review.redo(rejected, "ada");
      review.undo(rejected, "ada");
      review.acceptEdited(2, "ada", new BalancedJudgment("Second try, male.", "Second try, female."), true);
      // 3: accepted, then flagged by bob; a blind rejection by bob
      review.accept(3, "ada");
      review.flag(3, "bob", "check the names");
      review.blind(3, "bob", false, Optional.empty(), "not balanced");
      // 4: skipped, still pending; 5: rejected; the odd one: accepted unchanged
      review.skip(4, "ada");
      review.reject(5, "bob", "");
      review.accept(odd, "ada");
      // generated with every call stored: a seed theme, a story call, a failed judgment call (no reply, no timings) and
      // its retry, the balanced judgment's call, and an audit call, which is not the pair's generation
      long generated = generatedWithCalls(d, pairs);
      review.acceptEdited(generated, "ada", new BalancedJudgment("The main character, edited \t\u2028 once.", "The main character, edited."), true);
      // consistent judgments (CDA would change nothing): accepted as proposed
      review.accept(seeds.pair("Ian", "Ian paid for the bus.", "Isa", "Isa paid for the bus.", "Other", Stance.MORAL, "Fine.", Stance.MORAL, "Fine.",
          "The main character paid.", "The main character paid."), "ada");
    }
    // accepted pairs went out as training data: exported_at is set and must survive too
    assertThat(cli().run("--db", a.toString(), "export", "--format", "trl-dpo", "--out", home.resolve("x/dpo.jsonl").toString()).exit()).isZero();

    Path first = home.resolve("x/first.jsonl");
    Path second = home.resolve("x/second.jsonl");
    assertThat(cli().run("--db", a.toString(), "export", "--format", "evenhand", "--status", "all", "--out", first.toString()).exit()).isZero();
    Path b = home.resolve("b/evenhand");
    CliRunner.Result imp = cli().run("--db", b.toString(), "import", "jsonl", first.toString());
    assertThat(imp.exit()).as(imp.err()).isZero();
    assertThat(imp.out()).contains("imported 8 pairs");
    assertThat(cli().run("--db", b.toString(), "export", "--format", "evenhand", "--status", "all", "--out", second.toString()).exit()).isZero();

    assertThat(Files.readString(second)).isEqualTo(Files.readString(first));
    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    List<String> lines = Files.readAllLines(first);
    Map<String, java.util.Set<String>> shapes = new java.util.HashMap<>();
    for (String line : lines) sameKeys(JSON.readTree(line), "", shapes);
    assertThat(shapes).as("a call, a judgment, a proposal and an override were seen").containsKeys(".calls[]", ".male.judgments[]", ".male.proposal",
        ".history[].override[]");
    JsonNode rich = JSON.readTree(lines.get(6));
    assertThat(rich.get("theme_id").asText()).isEqualTo("work-07");
    assertThat(rich.get("calls")).as("story, two judgment calls and a retry, balanced; not the audit call").hasSize(5);
    JsonNode judged = rich.get("female").get("judgments").get(0);
    assertThat(judged.get("digest").asText()).isEqualTo(DIGEST);
    assertThat(judged.get("ollama_version").asText()).isEqualTo("0.6.5");
    assertThat(rich.get("calls").get(judged.get("call").asInt()).get("reply").asText()).contains("Immoral");
    assertThat(rich.get("male").get("proposal").get("template_id").asText()).isEqualTo("balanced");
    assertThat(rich.get("fidelity_changes").toString()).isEqualTo("[\"tea → coffee\"]");
    assertThat(JSON.readTree(lines.get(0)).get("male").get("proposal").get("digest").isNull()).isTrue();
    List<String> before = contents(a);
    assertThat(before).as("the proposal and the edit of pair 1 are both stored")
        .anyMatch(r -> r.startsWith("balanced: 1 male The main character kept a found wallet") && r.contains(" Edited for him. "));
    assertThat(before).as("bob's blind edit, with the texts before and after")
        .anyMatch(r -> r.startsWith("history: 1 bob accept_edited accepted accepted Edited for him. Edited for her. Bob's text, male. Bob's text, female.  TRUE "));
    assertThat(before).as("undo and redo rows").filteredOn(r -> r.startsWith("history: 2 ada undo ")).hasSize(2);
    assertThat(before).as("undo and redo rows").filteredOn(r -> r.startsWith("history: 2 ada redo ")).hasSize(1);
    // of the 6 accepted pairs the trl-dpo export wrote 4: the neutrality gate held back the two whose accepted text is
    // gendered ("Edited for him.", "Second try, male."), and a pair held back is not marked exported
    assertThat(before).as("pairs exported as training data").filteredOn(r -> r.startsWith("pair:") && !r.matches(".* null (null|work-07) [0-9a-f]{64}$"))
        .hasSize(4);
    assertThat(before).as("the calls' rows, the audit call left out").filteredOn(r -> r.startsWith("call:")).hasSize(5);
    assertThat(contents(b)).containsExactlyElementsOf(before);

    // what the review screen shows of a pair reads the same from both stores
    try (Database da = Database.open(a); Database db = Database.open(b)) {
      List<Review> ha = new ReviewRepository(da).history(2);
      List<Review> hb = new ReviewRepository(db).history(new PairRepository(db).ids(dev.evenhand.store.PairQuery.ALL).stream()
          .filter(id -> new PairRepository(db).find(id).orElseThrow().exportId() == 2).findFirst().orElseThrow());
      assertThat(hb).hasSameSizeAs(ha);
      assertThat(ha).as("pair 2 was accepted with a neutrality override, which the round trip keeps").anyMatch(Review::overridden);
      for (int i = 0; i < ha.size(); i++) {
        assertThat(hb.get(i)).usingRecursiveComparison().ignoringFields("id", "pairId").isEqualTo(ha.get(i));
      }
    }
  }
}
