package dev.evenhand.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Seeds;
import dev.evenhand.testing.ViewModelHarness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Review screen's guidelines-and-comments panel without JavaFX started: the app's wiring over a real H2 file with
 * {@code TaskExecutor.direct()}, reviewer "ada"; another reviewer ("bo") acts through the use cases, as another
 * process on the same database would.
 */
class PairNotesViewModelTest {
  @TempDir Path dir;
  private ViewModelHarness h;
  private ReviewViewModel review;
  private PairNotes notes;

  @BeforeEach
  void open() throws Exception {
    h = new ViewModelHarness(dir, FakeOllama.start());
    new Seeds(h.services.pairs(), h.services.runs()).plain(1, 3);
    review = h.screens.review();
    notes = h.screens.reviewNotes(review);
    review.refresh();
  }

  @AfterEach
  void close() { h.close(); }

  @Test
  void aSetWithoutGuidelinesSaysSoAndAnEditShowsItsFirstVersion() {
    assertThat(review.selected().get().id()).isEqualTo(1);
    assertThat(notes.guidelinesTitle().get()).isEqualTo("Guidelines");
    assertThat(notes.guidelinesNote().get()).startsWith("Set run-1 has no guidelines yet.");
    assertThat(notes.blocks().get()).isEmpty();

    notes.editGuidelines("# Neutral wording\n\n**Never** name the protagonist's gender: <b>she</b> is flagged.");
    assertThat(notes.guidelinesTitle().get()).isEqualTo("Guidelines \u00b7 version 1");
    assertThat(notes.guidelinesNote().get()).startsWith("Set run-1 \u00b7 by ada, ");
    assertThat(notes.message().get()).isEqualTo("Guidelines of set run-1 saved as version 1.");
    List<MarkdownBlocks.Block> b = notes.blocks().get();
    assertThat(b).extracting(MarkdownBlocks.Block::kind).containsExactly(MarkdownBlocks.Kind.HEADING, MarkdownBlocks.Kind.PARAGRAPH);
    assertThat(b.get(1).plain()).isEqualTo("Never name the protagonist's gender: <b>she</b> is flagged.");
    assertThat(b.get(1).spans().get(0).styles()).containsExactly(MarkdownBlocks.Style.STRONG);

    // the lead edits them elsewhere: the panel shows the new version once the pair shows again
    h.services.guidelines().edit("run-1", "# Neutral wording, v2", "bo");
    assertThat(notes.guidelinesTitle().get()).endsWith("version 1");
    review.next();
    assertThat(notes.guidelinesTitle().get()).endsWith("version 2");
    assertThat(notes.markdown().get()).isEqualTo("# Neutral wording, v2");
  }

  @Test
  void commentsOfOtherReviewersAppearWhenThePairShowsAgainAndOwnCommentsAreSaved() {
    assertThat(notes.commentsTitle().get()).isEqualTo("Comments (0)");
    assertThat(notes.editorNote()).as("the editor does not point at the button that opened it").endsWith("has no guidelines yet: what you write here "
        + "becomes its first version.").doesNotContain("Edit\u2026");
    h.services.comments().add(1, "bo", "Is 'provider' gendered here?");
    assertThat(notes.comments()).isEmpty();
    review.select(0); // the same pair, shown again
    assertThat(notes.comments()).extracting(PairNotes.CommentLine::text).containsExactly("Is 'provider' gendered here?");
    assertThat(notes.comments().get(0).head()).startsWith("bo \u00b7 ");
    assertThat(notes.comments().get(0).mine()).isFalse();

    assertThat(notes.canComment().get()).isFalse();
    notes.newComment().set("  ");
    assertThat(notes.canComment().get()).isFalse();
    notes.newComment().set("No: it names a role.");
    assertThat(notes.canComment().get()).isTrue();
    notes.addComment();
    assertThat(notes.newComment().get()).isEmpty();
    assertThat(notes.message().get()).isEqualTo("Comment on pair #1 saved.");
    assertThat(notes.commentsTitle().get()).isEqualTo("Comments (2)");
    assertThat(notes.comments()).extracting(PairNotes.CommentLine::text, PairNotes.CommentLine::mine).containsExactly(
        org.assertj.core.groups.Tuple.tuple("No: it names a role.", true), org.assertj.core.groups.Tuple.tuple("Is 'provider' gendered here?", false));
    assertThat(h.services.comments().newest(1, 10)).extracting(c -> c.author()).containsExactly("ada", "bo");

    review.select(0); // the same pair again: the note stays
    assertThat(notes.message().get()).isEqualTo("Comment on pair #1 saved.");
    review.next();
    assertThat(notes.comments()).isEmpty();
    assertThat(notes.commentsTitle().get()).isEqualTo("Comments (0)");
    assertThat(notes.message().get()).as("another pair: the note about pair #1 goes").isEmpty();
  }

  @Test
  void onlyTheNewestCommentsShowAndTheTitleSaysHowMany() {
    for (int i = 1; i <= PairNotes.SHOWN + 5; i++) h.services.comments().add(1, "bo", "note " + i);
    review.select(0);
    assertThat(notes.comments()).hasSize(PairNotes.SHOWN);
    assertThat(notes.comments().get(0).text()).isEqualTo("note 25");
    assertThat(notes.commentsTitle().get()).isEqualTo("Comments (the newest 20 of 25)");
  }

  @Test
  void aBlindSecondReviewHidesTheCommentsButNotTheGuidelines() {
    h.services.review().accept(1, "bo");
    h.services.comments().add(1, "bo", "I accepted it: fine as it is.");
    h.services.guidelines().edit("run-1", "Rules", "bo");
    review.filters().blind().set(true);
    review.refreshQueue();
    assertThat(review.selected().get().id()).isEqualTo(1);
    assertThat(notes.comments()).isEmpty();
    assertThat(notes.commentsShown().get()).isFalse();
    assertThat(notes.commentsTitle().get()).isEqualTo("Comments are hidden during a blind second review.");
    notes.newComment().set("a note");
    assertThat(notes.canComment().get()).isFalse();
    assertThat(notes.guidelinesTitle().get()).endsWith("version 1");
    review.filters().blind().set(false);
    assertThat(notes.comments()).hasSize(1);
  }

  @Test
  void aFailedSaveSaysWhyAndKeepsTheText() {
    notes.newComment().set("x".repeat(4001));
    notes.addComment();
    assertThat(notes.message().get()).isEqualTo("the comment: 4001 characters, at most 4000");
    assertThat(notes.newComment().get()).hasSize(4001);
    assertThat(h.services.comments().count(1)).isZero();
  }
}
