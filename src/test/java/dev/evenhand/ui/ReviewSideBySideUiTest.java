package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.Seeds;
import dev.evenhand.testing.UiHarness;
import dev.evenhand.ui.review.ReviewViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Reviewers side by side on the Review screen (issue 15, points 3 and 4) under a real scene: the notice of a refused
 * decision, the "open by" marks of another reviewer, and the Assignments view; screenshots under target/screenshots.
 */
@ExtendWith(ApplicationExtension.class)
class ReviewSideBySideUiTest {
  private static final String ADAS = "The main character weighed a real need against the owner's loss.";
  @TempDir static Path home;
  private UiHarness ui;

  @Start
  void start(Stage stage) throws Exception {
    ui = new UiHarness(home, stage, FakeOllama.start(), false);
    new Seeds(ui.services.pairs(), ui.services.runs()).plain(1, 6);
    ui.window.controller().showScreen(true);
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("not within 30 s: " + what, e);
    }
  }

  @Test
  void aRefusedAcceptShowsWhoDecidedAndOthersOpenPairsAreMarked(FxRobot robot) throws Exception {
    waitFor("the first pair shows", () -> UiHarness.shownPairId(robot) == 1);
    ReviewViewModel vm = ui.window.controller().reviewViewModel();
    ui.services.review().acceptEdited(1, "bob", new BalancedJudgment("Bob's balanced judgment of the first story.",
        "Bob's balanced judgment of the second story."), true);
    ui.services.reviews().presence().heartbeat(3, "bob");
    robot.interact(() -> {
      vm.balancedMale().set(ADAS);
      vm.balancedFemale().set(ADAS);
      vm.accept();
    });
    Label note = robot.lookup("#liveNote").queryAs(Label.class);
    waitFor("the notice of the refused accept", () -> note.getText().startsWith("Not saved: bob accepted it with edits at ") && note.isVisible());
    waitFor("bob's mark on pair 3 in the queue (a poll every 3 s)",
        () -> robot.lookup(".badge-open-by").queryAll().stream().anyMatch(n -> n.isVisible() && ((Label) n).getText().equals("\u25cf bob")));
    waitFor("the draft bar with ada's text", () -> robot.lookup("#draftBar").query().isVisible() && vm.balancedMale().get().equals(ADAS));
    assertThat(note.getText()).contains("while you had pair 1 open; it is now Accepted");
    assertThat(ui.services.reviews().history(1)).extracting(r -> r.reviewer()).containsExactly("bob", "ada");
    Screenshots.save(ui.window.scene(), "review-conflict.png");
  }

  @Test
  void theAssignmentsViewShowsWhoHasDoneWhat(FxRobot robot) throws Exception {
    waitFor("the first pair shows", () -> UiHarness.shownPairId(robot) == 1);
    String set = ui.services.reviews().pair(1).orElseThrow().setName();
    ui.services.assignments().assign(set, List.of("ada", "bob", "cy"), 2);
    long bobs = ui.services.assignments().reviewersByPair(set).entrySet().stream().filter(e -> e.getValue().contains("bob")).findFirst()
        .orElseThrow().getKey();
    ui.services.review().reject(bobs, "bob", "");
    waitFor("the assignment controls, shown once a set is assigned (a poll every 3 s)", () -> robot.lookup("#assignedRow").query().isVisible());
    robot.clickOn(robot.lookup(".button").queryAllAs(Button.class).stream().filter(b -> "Assignments\u2026".equals(b.getText())).findFirst().orElseThrow());
    waitFor("the assignments table with three reviewers", () -> robot.lookup("#assignmentsTable").tryQuery()
        .map(n -> ((TableView<?>) n).getItems().size() == 3).orElse(false));
    Node table = robot.lookup("#assignmentsTable").query();
    assertThat(((TableView<?>) table).getItems().toString()).contains("Row[set=" + set + ", reviewer=ada, assigned=4, decided=0, left=4]")
        .contains("reviewer=bob, assigned=4, decided=1, left=3").contains("reviewer=cy, assigned=4, decided=0, left=4");
    Screenshots.save(table.getScene(), "review-assignments.png");
    robot.interact(() -> ((Stage) table.getScene().getWindow()).close());
    robot.interact(() -> ui.window.controller().reviewViewModel().filters().assignedOnly().set(true));
    Label mine = robot.lookup("#assignedLabel").queryAs(Label.class);
    waitFor("ada's progress under the queue", () -> mine.getText().equals("My assignment: 4 assigned \u00b7 0 decided \u00b7 4 left"));
    waitFor("ada's own queue", () -> ui.window.controller().reviewViewModel().queue().size() == 4);
    Screenshots.save(ui.window.scene(), "review-assigned-to-me.png");
  }
}
