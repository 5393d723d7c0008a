package dev.evenhand.app.cli;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * Words of the help text that come from the project's files rather than the code, as a resource bundle
 * for picocli's {@code ${bundle:KEY}}: {@code default-model} is the default model tag of
 * {@code models/default/profile.json}, read only when a help text is shown.
 */
final class HelpWords extends ResourceBundle {
  private static final String DEFAULT_MODEL = "default-model";
  private final Supplier<String> defaultModel;

  /** @param defaultModel gives the default model tag; a failure to read it shows "TAG" in the help instead */
  HelpWords(Supplier<String> defaultModel) { this.defaultModel = defaultModel; }

  @Override
  protected Object handleGetObject(String key) {
    if (!DEFAULT_MODEL.equals(key)) return null;
    try {
      return defaultModel.get();
    } catch (RuntimeException e) {
      return "TAG";
    }
  }

  @Override
  public Enumeration<String> getKeys() { return Collections.enumeration(List.of(DEFAULT_MODEL)); }
}
