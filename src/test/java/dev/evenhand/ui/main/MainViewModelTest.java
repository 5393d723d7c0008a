package dev.evenhand.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.ViewModelHarness;
import dev.evenhand.usecase.ServerState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main window's connection bar and Help menu, without JavaFX. */
class MainViewModelTest {
  @TempDir Path home;
  private ViewModelHarness h;
  private MainViewModel vm;
  private final List<ServerState> checked = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    h = new ViewModelHarness(home, FakeOllama.start().models("llama3.1:8b", "mistral:7b"));
    vm = h.screens.main();
    vm.setOnChecked(checked::add);
  }

  @AfterEach
  void tearDown() { h.close(); }

  @Test
  void aServerThatAnswersIsShownWithItsVersionAndModels() {
    vm.check();
    assertThat(vm.connection().get()).isEqualTo(MainViewModel.Connection.OK);
    assertThat(vm.connectionText().get()).isEqualTo("Ollama 0.12.6 at " + h.ollama.url() + " \u00b7 models on the server: 2");
    assertThat(vm.connectionHelp().get()).as("a server on this machine needs no note").isEmpty();
    assertThat(checked).hasSize(1);
    assertThat(checked.get(0).models()).containsExactly("llama3.1:8b", "mistral:7b");
    assertThat(vm.aboutText()).contains("Ollama server: 0.12.6").contains(h.services.paths().logDir().toString())
        .as("the database in use, which --db may put outside the data folder").contains("Database: " + h.services.databasePath() + ".mv.db");
    assertThat(vm.aboutHeader()).startsWith("Evenhand ");
  }

  @Test
  void aServerThatDoesNotAnswerIsSaidInPlainWordsWithHowToStartIt() {
    h.ollama.stop();
    vm.check();
    assertThat(vm.connection().get()).isEqualTo(MainViewModel.Connection.DOWN);
    assertThat(vm.connectionText().get()).isEqualTo("Ollama is not reachable at " + h.ollama.url() + ".");
    assertThat(vm.connectionHelp().get()).contains("ollama serve");
    assertThat(vm.aboutText()).contains("Ollama server: not reachable");

    h.ollama.restart();
    vm.check();
    vm.check();
    assertThat(checked).as("every check is reported, also an unchanged state").hasSize(3);
    assertThat(vm.connection().get()).isEqualTo(MainViewModel.Connection.OK);
  }

  @Test
  void openLogsOpensTheLogFolderAndARemoteServerIsNamedAsWhereStoriesGo() {
    vm.openLogs();
    assertThat(h.opened).containsExactly(h.services.paths().logDir());
    assertThat(MainViewModel.remoteHost("http://gpu-box:11434")).isEqualTo("gpu-box");
    assertThat(MainViewModel.remoteHost("http://127.0.0.1:11434")).isNull();
    assertThat(MainViewModel.remoteHost("http://[::1]:11434")).isNull();
    assertThat(MainViewModel.remoteHost("not a url at all")).isNull();
  }
}
