package dev.evenhand.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.DeleteTarget;
import dev.evenhand.domain.Review;
import dev.evenhand.domain.Stance;
import dev.evenhand.store.PairQuery;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Seeds;
import dev.evenhand.testing.ViewModelHarness;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.ui.review.ReviewViewModel;
import dev.evenhand.usecase.Settings;
import dev.evenhand.usecase.SettingsUseCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Settings screen's view model without JavaFX: each field shows the value in effect and where it
 * comes from, saving writes only what was changed, a refused value names its field, theme and reviewer
 * take effect at once; deletes. The settings file and deletes run on the test's thread.
 */
class SettingsViewModelTest {
  @TempDir Path home;
  private ViewModelHarness h;
  private SettingsViewModel vm;
  private Path file;

  @BeforeEach
  void setUp() throws Exception {
    h = new ViewModelHarness(home, FakeOllama.start());
    vm = h.screens.settings();
    file = h.services.paths().settingsFile();
    vm.load();
  }

  @AfterEach
  void tearDown() { h.close(); }

  /** A Settings screen started with these options and environment variables over the harness's settings file. */
  private SettingsViewModel started(String ollamaOption, String dbOption, Map<String, String> env) {
    Path db = h.services.databasePath();
    SettingsViewModel v = new SettingsViewModel(new SettingsUseCase(file, new SettingsUseCase.Launch(ollamaOption, dbOption, db, env)),
        h.services.deletes(), TaskExecutor.direct(), h.text);
    v.load();
    return v;
  }

  private void saved(String body) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, body);
  }

  private static String note(SettingsViewModel v, String key) { return v.field(key).note().get(); }

  @Test
  void withNothingSetEveryFieldShowsItsDefaultNotAPlaceholder() {
    SettingsViewModel v = started(null, null, Map.of());
    assertThat(v.urls().get()).isEqualTo("http://127.0.0.1:11434");
    assertThat(note(v, "ollama.urls")).isEqualTo("default");
    assertThat(v.profile().get()).isEqualTo("default");
    assertThat(v.parallel().get()).isEqualTo("1");
    assertThat(v.timeout().get()).isEqualTo("600");
    assertThat(v.reviewer().get()).isEqualTo(System.getProperty("user.name"));
    assertThat(note(v, "reviewer")).isEqualTo("default: your login name");
    assertThat(v.theme().get()).isEqualTo("light");
    assertThat(v.keys().get()).startsWith("accept=A\nedit=E\nreject=R\n").contains("undo=Shortcut+Z\n");
    assertThat(note(v, "keys")).isEqualTo("default");
    assertThat(v.field("database").value().get()).isEqualTo(h.services.databasePath().toString());
    assertThat(note(v, "database")).isEqualTo("default");
    assertThat(v.field("file").value().get()).isEqualTo(file.toString());
  }

  @Test
  void theUrlFromOllamaHostIsShownAsItIsReadAndNamedAsTheSource() {
    SettingsViewModel v = started(null, null, Map.of("OLLAMA_HOST", "gpu-box:11500", "XDG_DATA_HOME", "/data", "XDG_CONFIG_HOME", "/cfg"));
    assertThat(v.urls().get()).isEqualTo("http://gpu-box:11500");
    assertThat(note(v, "ollama.urls")).isEqualTo("from OLLAMA_HOST");
    assertThat(note(v, "database")).isEqualTo("from XDG_DATA_HOME");
    assertThat(note(v, "file")).isEqualTo("from XDG_CONFIG_HOME");
  }

  @Test
  void aSavedUrlComesBeforeOllamaHostAndTheNoteSaysSo() throws Exception {
    saved("ollama.urls=http://lab:11434\nreviewer=ada\nkeys.accept=Y\n");
    SettingsViewModel v = started(null, null, Map.of("OLLAMA_HOST", "gpu-box:11500"));
    assertThat(v.urls().get()).isEqualTo("http://lab:11434");
    assertThat(note(v, "ollama.urls")).isEqualTo("saved \u00b7 OLLAMA_HOST=gpu-box:11500 is not used: the saved value comes first");
    assertThat(v.reviewer().get()).isEqualTo("ada");
    assertThat(note(v, "reviewer")).isEqualTo("saved");
    assertThat(v.keys().get()).startsWith("accept=Y\n");
    assertThat(note(v, "keys")).isEqualTo("1 saved, the others default");
    assertThat(note(v, "timeout.seconds")).isEqualTo("default");

    v.urls().set("");
    v.save();
    assertThat(Settings.load(file).ollamaUrls()).as("a cleared URL is no longer saved").isEmpty();
    assertThat(v.urls().get()).isEqualTo("http://gpu-box:11500");
    assertThat(note(v, "ollama.urls")).isEqualTo("from OLLAMA_HOST \u00b7 used from the next start (this window uses http://lab:11434)");
  }

  @Test
  void theCommandLineComesFirstAndSavingUnderItIsHonest() throws Exception {
    saved("ollama.urls=http://lab:11434\n");
    SettingsViewModel v = started("http://cli-box:11434", "/tmp/other", Map.of());
    assertThat(v.urls().get()).isEqualTo("http://cli-box:11434");
    assertThat(note(v, "ollama.urls")).isEqualTo("from --ollama on the command line (this window only) \u00b7 "
        + "saved: http://lab:11434 (used when started without --ollama)");
    assertThat(note(v, "database")).isEqualTo("from --db on the command line (this window only)");

    v.reviewer().set("Zo\u00eb");
    assertThat(note(v, "reviewer")).isEqualTo("changed, not saved yet");
    v.save();
    assertThat(Settings.load(file).ollamaUrls()).as("the untouched --ollama value is not saved").isEqualTo("http://lab:11434");

    v.urls().set("http://new-box:11434");
    v.parallel().set("4");
    v.save();
    assertThat(Settings.load(file).ollamaUrls()).isEqualTo("http://new-box:11434");
    assertThat(note(v, "ollama.urls")).contains("from --ollama").contains("saved: http://new-box:11434");
    assertThat(note(v, "parallel")).isEqualTo("saved \u00b7 used from the next start (this window uses 1)");
    assertThat(note(v, "reviewer")).as("the reviewer applies at once").isEqualTo("saved");
  }

  @Test
  void aValueFromTheEnvironmentOrADefaultIsNotSavedByAccident() {
    SettingsViewModel v = started(null, null, Map.of("OLLAMA_HOST", "gpu-box:11500"));
    v.timeout().set("900");
    v.save();
    assertThat(v.message().get()).isEqualTo("Saved in " + file + ".");
    Settings s = Settings.load(file);
    assertThat(s.ollamaUrls()).as("OLLAMA_HOST stays the source").isEmpty();
    assertThat(s.callTimeout().toSeconds()).isEqualTo(900);
    assertThat(s.keys()).as("default key bindings are not pinned").isEmpty();
    assertThat(note(v, "ollama.urls")).isEqualTo("from OLLAMA_HOST");
    assertThat(note(v, "timeout.seconds")).isEqualTo("saved \u00b7 used from the next start (this window uses 600)");
  }

  @Test
  void aBadValueIsRefusedNamingItsFieldNeverAFileAndNothingIsSaved() {
    vm.timeout().set("-5");
    vm.save();
    assertThat(vm.message().get()).isEqualTo("Not saved: Timeout per call (s): must be at least 1 (got -5)");
    assertThat(vm.field("timeout.seconds").problem().get()).isTrue();
    assertThat(vm.field("timeout.seconds").note().get()).isEqualTo("Timeout per call (s): must be at least 1 (got -5)");
    assertThat(file).doesNotExist();

    vm.timeout().set("600");
    assertThat(vm.field("timeout.seconds").problem().get()).as("editing clears the mark").isFalse();
    vm.urls().set("ftp://gpu-box");
    vm.save();
    assertThat(vm.message().get()).startsWith("Not saved: Ollama URL(s): not an Ollama URL").doesNotContain(home.toString());
    vm.urls().set("http://127.0.0.1:11434");
    vm.parallel().set("many");
    vm.save();
    assertThat(vm.message().get()).isEqualTo("Not saved: Requests in flight: not a whole number ('many')");
    vm.parallel().set("1");
    vm.keys().set("accept\n");
    vm.save();
    assertThat(vm.message().get()).isEqualTo("Not saved: Review keys: a key binding needs the form action=key (got 'accept')");
    vm.keys().set("accept=R\n");
    vm.save();
    assertThat(vm.message().get()).isEqualTo("Not saved: Review keys: accept: R is already keys.reject's key");
    assertThat(vm.field("keys").problem().get()).isTrue();
    assertThat(file).doesNotExist();
  }

  @Test
  void aFileThatCannotBeWrittenIsNamedWithoutTheTemporaryFile() throws Exception {
    Files.createDirectories(file.resolveSibling(file.getFileName() + ".tmp"));
    vm.reviewer().set("bob");
    vm.save();
    assertThat(vm.message().get()).startsWith("Not saved: cannot save the settings in " + file + " (").doesNotContain(".tmp");
    assertThat(file).doesNotExist();
  }

  @Test
  void aSettingsFileThatCannotBeUsedIsNamedByFieldAndTheDefaultsAreShown() throws Exception {
    saved("reviewer=ada\ntheme=blue\n");
    SettingsViewModel v = started(null, null, Map.of());
    assertThat(v.message().get()).isEqualTo("The settings file is not used: Theme: light or dark (got 'blue'). "
        + "Evenhand runs on the defaults until it is fixed.");
    assertThat(v.reviewer().get()).isEqualTo(System.getProperty("user.name"));
  }

  @Test
  void goodValuesAreSavedReadBackAndTakeEffect() {
    vm.timeout().set("900");
    vm.reviewer().set("Zo\u00eb");
    vm.urls().set("http://gpu-box:11434");
    vm.theme().set("dark");
    vm.keys().set("accept=Y\n\n");
    vm.save();
    assertThat(vm.message().get()).isEqualTo("Saved in " + file + ".");
    Settings saved = Settings.load(file);
    assertThat(saved.callTimeout().toSeconds()).isEqualTo(900);
    assertThat(saved.reviewer()).isEqualTo("Zo\u00eb");
    assertThat(saved.theme()).isEqualTo("dark");
    assertThat(saved.keys()).isEqualTo(Map.of("keys.accept", "Y"));
    assertThat(vm.applied().get()).isEqualTo(saved);

    SettingsViewModel again = h.screens.settings();
    again.load();
    assertThat(again.urls().get()).as("the harness starts as with --ollama, which comes first").isEqualTo(h.ollama.url());
    assertThat(note(again, "ollama.urls")).contains("saved: http://gpu-box:11434");
    assertThat(again.keys().get()).startsWith("accept=Y\nedit=E\n");
  }

  @Test
  void aNewReviewerIsUsedAtOnceByTheReviewScreenBuiltNext() {
    new Seeds(h.services.pairs(), h.services.runs()).plain(1, 2);
    vm.reviewer().set("Zo\u00eb");
    vm.save();
    assertThat(h.screens.settingsSaved(vm.applied().get())).as("the main window rebuilds Review").isTrue();
    ReviewViewModel review = h.screens.review();
    review.refresh();
    long id = review.selected().get().id();
    review.skip();
    assertThat(h.services.reviews().history(id)).extracting(Review::reviewer).containsExactly("Zo\u00eb");
    assertThat(h.screens.settingsSaved(vm.applied().get())).as("nothing new").isFalse();
  }

  @Test
  void theDarkToggleSavesTheThemeAloneKeepingTheRest() throws Exception {
    saved("reviewer=ada\ntimeout.seconds=900\n");
    SettingsViewModel v = started(null, null, Map.of());
    assertThat(v.theme().get()).isEqualTo("light");
    v.saveTheme("dark");
    Settings s = Settings.load(file);
    assertThat(s.theme()).isEqualTo("dark");
    assertThat(s.reviewer()).isEqualTo("ada");
    assertThat(s.callTimeout().toSeconds()).isEqualTo(900);
    assertThat(v.theme().get()).as("the Settings screen shows the theme in effect").isEqualTo("dark");
    assertThat(note(v, "theme")).isEqualTo("saved");
    assertThat(v.applied().get().theme()).isEqualTo("dark");
  }

  @Test
  void theDarkToggleWritesOnlyTheThemeKeyAndLeavesAbsentKeysAbsent() throws Exception {
    saved("reviewer=ada\n");
    SettingsViewModel v = started(null, null, Map.of());
    v.saveTheme("dark");
    assertThat(Settings.read(file).stringPropertyNames()).as("the keys the file had, plus theme").containsExactlyInAnyOrder("reviewer", "theme");
    assertThat(Settings.read(file).getProperty("theme")).isEqualTo("dark");
    v.saveTheme("light");
    assertThat(Settings.read(file).stringPropertyNames()).containsExactlyInAnyOrder("reviewer", "theme");
    for (String key : new String[] {"parallel", "timeout.seconds", "ollama.urls"}) {
      assertThat(note(v, key)).as(key + " was not saved").doesNotContain("saved");
    }
    Files.delete(file);
    SettingsViewModel fresh = started(null, null, Map.of());
    fresh.saveTheme("dark");
    assertThat(Settings.read(file).stringPropertyNames()).as("a file with nothing gets the theme alone").containsExactly("theme");
    assertThat(note(fresh, "reviewer")).doesNotContain("saved");
  }

  @Test
  void aDeleteRemovesTheRunKeepingAcceptedPairsAndABadIdIsNamed() throws Exception {
    Seeds seeds = new Seeds(h.services.pairs(), h.services.runs());
    long kept = seeds.pair("Tom", "Tom kept the wallet.", "Ann", "Ann kept the wallet.", "Money", Stance.MORAL, "Right.", Stance.IMMORAL,
        "Wrong.", "Weighed need.", "Weighed need.");
    h.services.review().accept(kept, "ada");
    seeds.plain(10, 2);

    vm.deleteWhich().set(" ");
    vm.delete();
    assertThat(vm.message().get()).isEqualTo("Give the id of the run or audit, or the name of the set.");
    vm.deleteWhat().set(DeleteTarget.AUDIT);
    vm.deleteWhich().set("42");
    vm.delete();
    assertThat(vm.message().get()).contains("audit").contains("42");

    vm.deleteWhat().set(DeleteTarget.RUN);
    vm.deleteWhich().set("1");
    vm.delete();
    assertThat(vm.message().get()).isEqualTo("Deleted run 1: 2 pairs deleted, 1 accepted pair kept.");
    assertThat(h.services.pairs().count(PairQuery.ALL)).isEqualTo(1);
    assertThat(Files.exists(file)).isFalse();
  }

  /** Nobody is asked to confirm the delete of a run id that is no number or names nothing; a real one is asked about. */
  @Test
  void aDeleteIsCheckedBeforeItIsConfirmed() {
    Seeds seeds = new Seeds(h.services.pairs(), h.services.runs());
    seeds.plain(10, 2);
    // an attempt the run's rules dropped goes with the run, but was never one of its pairs (a newcomer was asked about
    // "its 15 pairs" where Review and stats showed 10)
    seeds.droppedAttempt(1);
    java.util.List<String> asked = new java.util.ArrayList<>();
    vm.deleteWhat().set(DeleteTarget.RUN);
    vm.deleteWhich().set("twelve");
    vm.checkThenConfirm(q -> asked.add(q));
    assertThat(asked).as("not a number: no confirmation").isEmpty();
    assertThat(vm.message().get()).contains("twelve");
    vm.deleteWhich().set("99");
    vm.checkThenConfirm(q -> asked.add(q));
    assertThat(asked).as("no such run: no confirmation").isEmpty();
    assertThat(vm.message().get()).contains("99");
    vm.deleteWhat().set(DeleteTarget.SET);
    vm.deleteWhich().set("no such set");
    vm.checkThenConfirm(q -> asked.add(q));
    assertThat(asked).isEmpty();
    vm.deleteWhat().set(DeleteTarget.RUN);
    vm.deleteWhich().set(" 1 ");
    vm.checkThenConfirm(q -> asked.add(q));
    assertThat(asked).as("run 1 exists: the researcher is asked, told how many pairs go")
        .containsExactly("Delete run 1 and its 2 pairs? Pairs a reviewer accepted, and their reviews, are kept.");
    assertThat(h.services.pairs().count(PairQuery.ALL)).as("asking deletes nothing").isEqualTo(2);
    vm.delete();
    assertThat(vm.message().get()).as("the id as typed, spaces around it").startsWith("Deleted run 1")
        .contains("2 pairs deleted (and 1 attempt the run's rules had dropped)");
  }
}
