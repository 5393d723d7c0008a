package dev.evenhand.ui.settings;

import dev.evenhand.usecase.SettingsUseCase;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One field of the Settings screen: the text the user edits, the value in effect it was loaded from, and
 * the note beside it (where the value comes from, or what is wrong with it).
 */
public final class SettingField {
  private final String key;
  private final StringProperty value = new SimpleStringProperty("");
  private final StringProperty note = new SimpleStringProperty("");
  private final BooleanProperty problem = new SimpleBooleanProperty(false);
  private SettingsUseCase.Value loaded;

  /** @param key the file key, e.g. {@code ollama.urls} */
  SettingField(String key) { this.key = key; }

  /** @return the file key, e.g. {@code ollama.urls} */
  public String key() { return key; }

  /** @return the text in the field */
  public StringProperty value() { return value; }

  /** @return where the value comes from ("from OLLAMA_HOST", "saved", "default", ...), or what is wrong with it */
  public StringProperty note() { return note; }

  /** @return true while the note says what is wrong with the value (the last save refused it) */
  public BooleanProperty problem() { return problem; }

  /** @return the value in effect the field was loaded from; null before the first load */
  SettingsUseCase.Value loaded() { return loaded; }

  /** Shows a value in effect: the field takes its text. */
  void load(SettingsUseCase.Value v) {
    loaded = v;
    value.set(v.value());
    problem.set(false);
  }

  /** @return true when the text differs from the value in effect it was loaded with */
  boolean edited() { return loaded != null && !loaded.value().equals(value.get() == null ? "" : value.get()); }

  /**
   * @return what to write to the file: an untouched field keeps what is saved (so a value from the
   *         command line, the environment or a default is not saved by accident), an edited field its text
   */
  String toSave() {
    if (loaded != null && !edited()) return loaded.saved();
    return value.get() == null ? "" : value.get().strip();
  }
}
