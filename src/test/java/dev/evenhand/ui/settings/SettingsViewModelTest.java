package dev.evenhand.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.DeleteTarget;
import dev.evenhand.domain.Stance;
import dev.evenhand.store.PairQuery;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Seeds;
import dev.evenhand.testing.ViewModelHarness;
import dev.evenhand.usecase.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Settings screen's view model without JavaFX: the settings file and deletes on the test's thread. */
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

  @Test
  void aBadValueIsRefusedNamingItsKeyAndNothingIsSaved() {
    assertThat(vm.timeout().get()).as("the defaults are shown").isEqualTo("600");
    vm.timeout().set("-5");
    vm.save();
    assertThat(vm.message().get()).startsWith("Not saved").contains("timeout.seconds");
    assertThat(file).doesNotExist();

    vm.timeout().set("600");
    vm.parallel().set("many");
    vm.save();
    assertThat(vm.message().get()).startsWith("Not saved: parallel: ").doesNotContain(".check");
    vm.parallel().set("1");
    vm.keys().set("accept\n");
    vm.save();
    assertThat(vm.message().get()).isEqualTo("Not saved: a key binding needs the form action=key (got 'accept').");
    assertThat(file).doesNotExist();
  }

  @Test
  void goodValuesAreSavedAndReadBack() {
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
    assertThat(saved.keys()).containsEntry("keys.accept", "Y");

    SettingsViewModel again = h.screens.settings();
    again.load();
    assertThat(again.urls().get()).isEqualTo("http://gpu-box:11434");
    assertThat(again.keys().get()).isEqualTo("accept=Y\n");
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
    assertThat(vm.message().get()).isEqualTo("Deleted run 1: 2 pairs deleted, 1 accepted pairs kept.");
    assertThat(h.services.pairs().count(PairQuery.ALL)).isEqualTo(1);
    assertThat(Files.exists(file)).isFalse();
  }
}
