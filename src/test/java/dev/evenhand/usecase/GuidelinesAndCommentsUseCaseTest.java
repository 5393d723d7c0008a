package dev.evenhand.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evenhand.app.Services;
import dev.evenhand.domain.PairComment;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.testing.Seeds;
import dev.evenhand.testing.ViewModelHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guidelines and comments use cases over the app's services on a real H2 file: what they check before anything is written. */
class GuidelinesAndCommentsUseCaseTest {
  @TempDir Path dir;

  @Test
  void guidelinesAreCheckedThenSavedAsTheNextVersion() {
    try (Services s = ViewModelHarness.services(dir, "http://127.0.0.1:9", "light")) {
      new Seeds(s.pairs(), s.runs()).plain(1, 1);
      GuidelinesUseCase g = s.guidelines();
      assertThat(g.current("run-1")).isEmpty();
      GuidelinesUseCase.Edit first = g.edit("run-1", "  # Rules\r\n\r\nWrite *the main character*.\r\n", "ada");
      assertThat(first.changed()).isTrue();
      assertThat(first.guidelines().version()).isEqualTo(1);
      assertThat(first.guidelines().text()).isEqualTo("# Rules\n\nWrite *the main character*.");
      // the same text with other line ends and spacing is no new version
      assertThat(g.edit("run-1", "# Rules\n\nWrite *the main character*.\n", "bo").changed()).isFalse();
      assertThat(g.edit("run-1", "# Rules\n\nName no gender.", "bo").guidelines().version()).isEqualTo(2);
      assertThat(g.version("run-1", 1).text()).contains("main character");
      assertThat(g.forPair(1).orElseThrow().version()).isEqualTo(2);

      assertThatThrownBy(() -> g.edit("nope", "x", "ada")).isInstanceOf(InvalidInputException.class).hasMessage("no pair set named 'nope'");
      assertThatThrownBy(() -> g.current("nope")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> g.edit("run-1", " \n ", "ada")).isInstanceOf(InvalidInputException.class).hasMessage("the guidelines text is empty");
      assertThatThrownBy(() -> g.edit("run-1", "x\0y", "ada")).hasMessageContaining("NUL");
      assertThatThrownBy(() -> g.edit("run-1", "x", " ")).hasMessageContaining("reviewer name is empty");
      assertThatThrownBy(() -> g.version("run-1", 3)).hasMessage("pair set 'run-1' has no guidelines version 3");
      assertThat(g.versions("run-1")).hasSize(2);
    }
  }

  @Test
  void commentsAreCheckedThenSavedForEveryone() {
    try (Services s = ViewModelHarness.services(dir, "http://127.0.0.1:9", "light")) {
      new Seeds(s.pairs(), s.runs()).plain(1, 1);
      CommentsUseCase c = s.comments();
      PairComment saved = c.add(1, "ada", "  Is 'provider' gendered?\r\n");
      assertThat(saved.text()).isEqualTo("Is 'provider' gendered?");
      assertThat(c.newest(1, 5)).containsExactly(saved);
      assertThatThrownBy(() -> c.add(7, "ada", "x")).isInstanceOf(InvalidInputException.class).hasMessage("no pair 7");
      assertThatThrownBy(() -> c.add(1, "ada", "")).hasMessage("the comment is empty");
      assertThatThrownBy(() -> c.add(1, "ada", "x".repeat(PairComment.MAX_TEXT + 1))).hasMessage("the comment: 4001 characters, at most 4000");
      assertThatThrownBy(() -> c.newest(7, 5)).hasMessage("no pair 7");
      assertThat(c.count(1)).isEqualTo(1);
    }
  }
}
