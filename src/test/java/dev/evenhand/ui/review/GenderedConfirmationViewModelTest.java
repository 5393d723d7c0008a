package dev.evenhand.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.app.AppPaths;
import dev.evenhand.app.Services;
import dev.evenhand.domain.GenderedWord;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.ReviewAction;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.llm.RetryPolicy;
import dev.evenhand.testing.Seeds;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Review screen's neutrality gate in its view model (issue 12, point 3): accepting a balanced judgment the lint
 * flags asks for a confirmation naming the words; Cancel leaves the pair unaccepted, Confirm saves the accept with
 * the override and its findings in the review history. Real H2 file, {@link TaskExecutor#direct()}.
 */
class GenderedConfirmationViewModelTest {
  private static final String NEUTRAL = "The main character kept a found wallet; the need was real, but so was the owner's loss.";
  @TempDir Path dir;
  private Services services;
  private ReviewViewModel vm;
  private long flagged;
  private long clean;
  /** Every message shown: showing the next pair empties the line again. */
  private final List<String> said = new java.util.ArrayList<>();

  @BeforeEach
  void open() {
    services = new Services(new AppPaths(dir.resolve("data"), dir.resolve("config")), new Settings("", "ada", 1, Duration.ofSeconds(30), "light"),
        dir.resolve("db/evenhand"), List.of("http://127.0.0.1:9"), new RetryPolicy(2, Duration.ofMillis(10), 2));
    Seeds seeds = new Seeds(services.pairs(), services.runs());
    flagged = seeds.pair("Tom", "Tom kept the wallet for his son.", "Ann", "Ann kept the wallet for her son.", "Money", Stance.MORAL,
        "He provided.", Stance.IMMORAL, "She stole.", "The main character kept the wallet; she told her sister.", NEUTRAL);
    clean = seeds.pair("Omar", "Omar kept the wallet.", "Aisha", "Aisha kept the wallet.", "Money", Stance.MORAL, "He provided.", Stance.IMMORAL,
        "She stole.", "The main character's mother said she needed the money.", NEUTRAL);
    vm = new ReviewViewModel(services.reviews(), services.regenerate(), "ada", TaskExecutor.direct(), ResourceBundle.getBundle("i18n.messages"));
    vm.message().addListener((o, a, b) -> said.add(b));
    vm.refresh();
  }

  @AfterEach
  void close() { services.close(); }

  private List<Review> history(long id) { return services.reviews().history(id); }

  @Test
  void acceptingAFlaggedTextAsksFirstAndCancelLeavesThePairUnaccepted() {
    assertThat(vm.selected().get().id()).isEqualTo(flagged);
    vm.accept();
    GenderedConfirmation.Request req = vm.genderedConfirmation().get();
    assertThat(req).as("a confirmation is asked for").isNotNull();
    assertThat(req.pairId()).isEqualTo(flagged);
    assertThat(req.words()).isEqualTo("\"she\" in the male story's text (gendered pronoun), \"her\" in the male story's text (gendered pronoun)");
    assertThat(history(flagged)).as("nothing saved while the question is open").isEmpty();

    vm.cancelGendered();
    assertThat(vm.genderedConfirmation().get()).isNull();
    assertThat(history(flagged)).isEmpty();
    assertThat(services.reviews().pair(flagged).orElseThrow().status()).isEqualTo(ReviewStatus.PENDING);
    assertThat(vm.selected().get().id()).as("the pair stays shown").isEqualTo(flagged);
    assertThat(vm.message().get()).startsWith("Not accepted: the balanced judgment is not gender-neutral");
    vm.confirmGendered();
    assertThat(history(flagged)).as("a cancelled question cannot be confirmed later").isEmpty();
  }

  @Test
  void confirmingRecordsTheOverrideWithItsFindings() {
    vm.accept();
    vm.confirmGendered();
    Review r = history(flagged).get(0);
    assertThat(r.action()).isEqualTo(ReviewAction.ACCEPT);
    assertThat(r.override()).containsExactly(new GenderedWord(Gender.MALE, "she", "gendered pronoun"), new GenderedWord(Gender.MALE, "her", "gendered pronoun"));
    assertThat(services.reviews().pair(flagged).orElseThrow().status()).isEqualTo(ReviewStatus.ACCEPTED);
    assertThat(said).contains("Pair " + flagged + " accepted although not gender-neutral; the override is in its review history.");

    vm.loadProvenance();
    vm.select(0);
    vm.loadProvenance();
    assertThat(vm.provenance().get()).as("the GUI's history shows the override")
        .contains("accept by ada: pending -> accepted").contains("override: accepted although not gender-neutral: \"she\" in the male story's text (gendered pronoun)");
  }

  @Test
  void aTextAboutAnotherCharactersGenderIsAcceptedWithoutAQuestionAndAnEditedFlaggedTextAsksToo() {
    vm.select(1);
    assertThat(vm.selected().get().id()).isEqualTo(clean);
    vm.accept();
    assertThat(vm.genderedConfirmation().get()).as("\"the main character's mother said she\" is about the mother").isNull();
    assertThat(history(clean)).extracting(Review::override).containsExactly(List.of());

    vm.select(0);
    vm.balancedFemale().set("Ann kept the wallet.");
    vm.accept();
    assertThat(vm.genderedConfirmation().get().words()).contains("\"Ann\" in the female story's text (protagonist's name)");
    vm.confirmGendered();
    Review r = history(flagged).get(0);
    assertThat(r.action()).isEqualTo(ReviewAction.ACCEPT_EDITED);
    assertThat(r.balancedAfter().female()).isEqualTo("Ann kept the wallet.");
    assertThat(r.override()).contains(new GenderedWord(Gender.FEMALE, "Ann", "protagonist's name"));
  }
}
