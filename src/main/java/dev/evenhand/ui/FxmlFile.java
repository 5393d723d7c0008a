package dev.evenhand.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ResourceBundle;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/** Every FXML file of the top-level {@code fxml/} folder (STYLE.md, after Cryptomator's FxmlFile). */
public enum FxmlFile {
  MAIN_WINDOW("main_window.fxml"), GENERATE("generate.fxml"), REVIEW("review.fxml"), MODELS("models.fxml"), DATASETS("datasets.fxml"), AUDIT("audit.fxml"), AUDIT_COMPARE("audit_compare.fxml"), WELCOME("welcome.fxml"), SETTINGS("settings.fxml");

  private final String file;

  FxmlFile(String file) { this.file = file; }

  /** @return the resource bundle of all user-visible text */
  public static ResourceBundle bundle() { return ResourceBundle.getBundle("i18n.messages"); }

  /**
   * Loads the file with the given controller, which the caller built with its dependencies (constructor injection).
   *
   * @throws UncheckedIOException when the file is missing or malformed
   */
  public Parent load(Object controller) {
    FXMLLoader loader = new FXMLLoader(FxmlFile.class.getResource("/fxml/" + file), bundle());
    loader.setController(controller);
    try {
      return loader.load();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load fxml/" + file + ": " + e.getMessage(), e);
    }
  }
}
