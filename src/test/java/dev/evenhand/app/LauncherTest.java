package dev.evenhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The words for a GUI that cannot start. The texts are JavaFX's own (21, GtkApplication and the glass launcher), seen
 * when a newcomer's machine lacked libgtk-3-0 (before: "evenhand: internal error: java.lang.UnsupportedOperationException:
 * Unable to load glass GTK library.") and with a DISPLAY no X server answers. Checked by hand too: with libgtk-3.so.0
 * hidden by a bind mount, and with DISPLAY=:55, the jar prints these lines and exits 2.
 */
class LauncherTest {
  @Test
  void aMissingGtkSaysWhichPackageToInstallAndThatTheCommandLineWorks() {
    RuntimeException launch = new RuntimeException("Application launch exception",
        new UnsupportedOperationException("Unable to load glass GTK library."));
    assertThat(Launcher.toolkitMissing(launch)).hasValueSatisfying(line -> assertThat(line)
        .startsWith("evenhand: the GUI cannot start")
        .contains("sudo apt install libgtk-3-0")
        .contains("java -jar evenhand.jar --help"));
  }

  @Test
  void aDisplayThatCannotBeOpenedSaysSo() {
    assertThat(Launcher.toolkitMissing(new UnsupportedOperationException("Unable to open DISPLAY")))
        .hasValueSatisfying(line -> assertThat(line).contains("cannot be opened").contains("--help"));
  }

  @Test
  void anythingElseIsLeftToTheInternalErrorReport() {
    assertThat(Launcher.toolkitMissing(new IllegalStateException("boom", new NullPointerException()))).isEmpty();
  }
}
