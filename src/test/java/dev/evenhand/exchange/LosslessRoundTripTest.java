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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code evenhand} export is lossless (FORMATS.md): export, import into a fresh database, export
 * again gives the same bytes, and the two databases hold the same pairs, judgments, balanced judgments
 * (as proposed and as edited) and review history (texts before and after, blind reviews, undo and redo).
 */
class LosslessRoundTripTest {
  @TempDir Path home;

  private CliRunner cli() { return new CliRunner(home, Map.of()); }

  /**
   * Every stored value of every pair that a round trip must keep, one line per row, keyed by the pair id
   * written in exports (the source id of an imported pair, else its id). Store ids, queue keys and the
   * generation provenance (run, attempt, theme, model calls) are left out: they are not the pair's content.
   */
  static List<String> contents(Path db) {
    String key = "COALESCE(p.source_id, p.id)";
    String[] tables = {"pair", "story", "judgment", "balanced", "history"};
    String[] queries = {
        "SELECT " + key + ", p.environment, p.rouge1, p.identical, p.stage, p.divergent, COALESCE(p.model_tag, ''), p.status, p.flagged, "
            + "p.created_at, p.fidelity_flags, e.exported_at, p.stories_hash FROM story_pair p LEFT JOIN pair_export e ON e.pair_id = p.id ORDER BY 1",
        "SELECT " + key + ", s.gender, s.name, s.text FROM story s JOIN story_pair p ON p.id = s.pair_id ORDER BY 1, 2",
        "SELECT " + key + ", s.gender, j.model_tag, j.template_id, j.template_version, j.stance, j.explanation, j.created_at FROM judgment j "
            + "JOIN story s ON s.id = j.story_id JOIN story_pair p ON p.id = s.pair_id ORDER BY 1, 2, j.id",
        "SELECT " + key + ", b.gender, b.proposed_text, b.text, b.updated_at FROM balanced_judgment b JOIN story_pair p ON p.id = b.pair_id "
            + "ORDER BY 1, 2",
        "SELECT " + key + ", r.reviewer, r.action, r.status_before, r.status_after, r.male_before, r.female_before, r.male_after, "
            + "r.female_after, r.reason, r.blind, r.created_at FROM review_action r JOIN story_pair p ON p.id = r.pair_id ORDER BY 1, r.id"};
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
    }
    // accepted pairs went out as training data: exported_at is set and must survive too
    assertThat(cli().run("--db", a.toString(), "export", "--format", "trl-dpo", "--out", home.resolve("x/dpo.jsonl").toString()).exit()).isZero();

    Path first = home.resolve("x/first.jsonl");
    Path second = home.resolve("x/second.jsonl");
    assertThat(cli().run("--db", a.toString(), "export", "--format", "evenhand", "--status", "all", "--out", first.toString()).exit()).isZero();
    Path b = home.resolve("b/evenhand");
    CliRunner.Result imp = cli().run("--db", b.toString(), "import", "jsonl", first.toString());
    assertThat(imp.exit()).as(imp.err()).isZero();
    assertThat(imp.out()).contains("imported 6 pairs");
    assertThat(cli().run("--db", b.toString(), "export", "--format", "evenhand", "--status", "all", "--out", second.toString()).exit()).isZero();

    assertThat(Files.readString(second)).isEqualTo(Files.readString(first));
    List<String> before = contents(a);
    assertThat(before).as("the proposal and the edit of pair 1 are both stored")
        .anyMatch(r -> r.startsWith("balanced: 1 male The main character kept a found wallet") && r.contains(" Edited for him. "));
    assertThat(before).as("bob's blind edit, with the texts before and after")
        .anyMatch(r -> r.startsWith("history: 1 bob accept_edited accepted accepted Edited for him. Edited for her. Bob's text, male. Bob's text, female.  TRUE "));
    assertThat(before).as("undo and redo rows").filteredOn(r -> r.startsWith("history: 2 ada undo ")).hasSize(2);
    assertThat(before).as("undo and redo rows").filteredOn(r -> r.startsWith("history: 2 ada redo ")).hasSize(1);
    // of the 4 accepted pairs the trl-dpo export wrote 2: the neutrality gate held back the two whose accepted text is
    // gendered ("Edited for him.", "Second try, male."), and a pair held back is not marked exported
    assertThat(before).as("pairs exported as training data").filteredOn(r -> r.startsWith("pair:") && !r.matches(".* null [0-9a-f]{64}$")).hasSize(2);
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
