package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.CuratedPair;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairSummary;
import dev.evenhand.testing.Clipped;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Screenshots;
import dev.evenhand.testing.ScriptedStoryModel;
import dev.evenhand.testing.UiHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
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
 * The Generate screen after a run of 5 pairs: the log shows its last line ("5 of 5"), the stored pairs
 * are listed, and Open Review is a button that opens the Review screen.
 */
@ExtendWith(ApplicationExtension.class)
class GenerateScreenUiTest {
  @TempDir static Path home;
  private UiHarness ui;

  @Start
  void start(Stage stage) throws Exception {
    ui = new UiHarness(home, stage, FakeOllama.start().onChat(new ScriptedStoryModel()).latency(Duration.ofMillis(5)), false);
  }

  @AfterEach
  void stop() throws Exception { ui.close(); }

  /** @return true when a shown cell of the list holds this text and lies wholly inside the list's viewport */
  private static boolean inView(FxRobot robot, ListView<?> list, String text) {
    Bounds view = list.localToScene(list.getLayoutBounds());
    return robot.lookup(n -> n instanceof ListCell<?> c && c.getListView() == list && c.isVisible() && text.equals(c.getText()))
        .queryAll().stream().map(Node.class::cast)
        .anyMatch(c -> {
          Bounds b = c.localToScene(c.getLayoutBounds());
          return b.getMinY() >= view.getMinY() - 0.5 && b.getMaxY() <= view.getMaxY() + 0.5;
        });
  }

  @Test
  void afterARunTheLastLogLineShowsThePairsAreListedAndOpenReviewOpensReview(FxRobot robot) throws Exception {
    var vm = ui.window.controller().generateViewModel();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".connection-ok").tryQuery().isPresent());
    Button open = robot.lookup("#openReviewButton").queryButton();
    assertThat(open.isDisabled()).as("nothing to review yet").isTrue();
    robot.interact(() -> {
      vm.pairs().set(5);
      vm.start();
    });
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.status().get().startsWith("Done"));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(ui.services.pairs().count(PairQuery.ALL)).isEqualTo(5);

    ListView<String> log = robot.lookup("#logList").queryListView();
    String last = log.getItems().get(log.getItems().size() - 1);
    assertThat(last).endsWith("5 of 5");
    try {
      WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> inView(robot, log, last));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("after 10 s the log's last line '" + last + "' is still out of view", e);
    }
    assertThat(inView(robot, log, log.getItems().get(0))).as("the log has more lines than it shows, and follows its end").isFalse();

    ListView<?> stored = robot.lookup("#storedList").queryListView();
    assertThat(stored.getItems()).hasSize(5);
    assertThat(robot.lookup(".stored-pairs").tryQuery()).isPresent();
    assertThat(open.isDisabled()).isFalse();
    assertThat(vm.status().get()).doesNotContain("`");
    assertThat(Clipped.in(ui.window.scene())).isEmpty();
    Screenshots.save(ui.window.scene(), "generate-after-run.png");

    robot.clickOn(open);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
        () -> robot.lookup("#queueList").tryQuery().map(Node::isVisible).orElse(false));
    assertThat(robot.lookup(n -> n instanceof ToggleButton t && "Review".equals(t.getText())).queryAs(ToggleButton.class).isSelected()).isTrue();

    // the queue's first pair is shown (its stories in the panes) and selected; J then moves to the second
    List<PairSummary> rows = ui.services.pairs().page(PairQuery.ALL, 0, 2);
    shownAndSelected(robot, rows.get(0).id(), 0);
    robot.type(KeyCode.J);
    shownAndSelected(robot, rows.get(1).id(), 1);
  }

  /** Waits until the pair is shown with its own stories in the panes and its queue row is selected. */
  private void shownAndSelected(FxRobot robot, long id, int row) throws Exception {
    CuratedPair p = ui.services.pairs().find(id).orElseThrow();
    try {
      WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> {
        Label title = robot.lookup("#pairTitle").queryAs(Label.class);
        return title.getText().startsWith("Pair #" + id + " ") && robot.lookup("#detail").query().isVisible()
            && flowText(robot, "#maleStory").equals(p.pair().male().text()) && flowText(robot, "#femaleStory").equals(p.pair().female().text())
            && robot.lookup("#queueList").queryListView().getSelectionModel().getSelectedIndex() == row;
      });
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("after 15 s pair #" + id + " (row " + row + ") is not shown and selected: title '"
          + robot.lookup("#pairTitle").queryAs(Label.class).getText() + "', detail shown " + robot.lookup("#detail").query().isVisible()
          + ", empty label shown " + robot.lookup("#emptyLabel").query().isVisible() + ", selected row "
          + robot.lookup("#queueList").queryListView().getSelectionModel().getSelectedIndex(), e);
    }
  }

  private static String flowText(FxRobot robot, String id) {
    return robot.lookup(id).queryAs(TextFlow.class).getChildren().stream()
        .filter(Text.class::isInstance).map(n -> ((Text) n).getText()).collect(Collectors.joining());
  }
}
