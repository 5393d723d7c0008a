package dev.evenhand.ui.main;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.evenhand.ui.FxmlFile;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;

/**
 * Builds the main window's scene: FXML, controller, theme (AtlantaFX Primer plus Evenhand's light or
 * dark colours). Used by the application and by the UI tests.
 *
 * @param scene      the scene
 * @param controller its controller
 */
public record MainWindow(Scene scene, MainWindowController controller) {
  /**
   * Must be called on the FX thread.
   *
   * @param screens builds each screen's view model
   * @param dark    dark theme when true
   */
  public static MainWindow build(Screens screens, boolean dark) {
    MainWindowController c = new MainWindowController(screens, FxmlFile.bundle());
    Parent root = FxmlFile.MAIN_WINDOW.load(c);
    Scene scene = new Scene(root, 1280, 800);
    applyTheme(scene, dark);
    c.setDark(dark);
    return new MainWindow(scene, c);
  }

  /** Switches a scene between the light and the dark theme. */
  public static void applyTheme(Scene scene, boolean dark) {
    Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    scene.getStylesheets().setAll(
        MainWindow.class.getResource("/styles/" + (dark ? "dark.css" : "light.css")).toExternalForm(),
        MainWindow.class.getResource("/styles/evenhand.css").toExternalForm());
  }
}
