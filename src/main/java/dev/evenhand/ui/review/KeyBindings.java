package dev.evenhand.ui.review;

import dev.evenhand.usecase.ReviewKeys;
import dev.evenhand.usecase.ReviewKeys.Action;
import java.util.EnumMap;
import java.util.Map;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * The Review screen's keys: single letters outside a text field (A accept, E edit, R reject, S skip,
 * F flag, J/K next/previous, / search, ? the shortcut sheet, P provenance, G regenerate) and Ctrl chords anywhere
 * (Ctrl+Z undo, Ctrl+Shift+Z redo, Ctrl+Enter accept). Any of them can be rebound in the settings file
 * as {@code keys.<action>=<key>}, e.g. {@code keys.accept=Y} or {@code keys.undo=Shortcut+U}
 * (JavaFX {@link KeyCombination} syntax). The actions, their defaults and the checks of the settings are
 * {@link ReviewKeys} (no JavaFX, so the settings can be checked anywhere); this class matches key events.
 */
public final class KeyBindings {
  private final Map<Action, KeyCombination> keys = new EnumMap<>(Action.class);

  /**
   * @param overrides settings entries {@code keys.<action>} to key names; unknown or malformed entries keep the default
   */
  public KeyBindings(Map<String, String> overrides) {
    for (Action a : Action.values()) {
      String k = overrides.getOrDefault(a.settingsKey(), a.defaultKey());
      KeyCombination c = parse(k);
      if (c == null) c = KeyCombination.valueOf(a.defaultKey());
      keys.put(a, c);
    }
  }

  /** @return the key combination a settings text names ({@link ReviewKeys#parse}), or null when it names none */
  private static KeyCombination parse(String key) {
    return ReviewKeys.parse(key).map(KeyCombination::valueOf).orElse(null);
  }

  /** @return the action bound to a key event, or null; chords are checked before plain letters */
  public Action match(KeyEvent e) {
    Action plain = null;
    for (Map.Entry<Action, KeyCombination> k : keys.entrySet()) {
      if (!k.getValue().match(e)) continue;
      String s = k.getValue().getName();
      if (s.contains("+")) return k.getKey();
      plain = k.getKey();
    }
    return plain;
  }

  /** @return true when the action's key is a chord (works while typing in a field) */
  public boolean chord(Action a) { return keys.get(a).getName().contains("+") && !keys.get(a).getName().startsWith("Shift+"); }

  /** @return the key shown to the user, e.g. {@code Ctrl+Z}; Escape is shown as Esc, as on the key and in the other hints */
  public String display(Action a) { return keys.get(a).getDisplayText().replace("Escape", "Esc"); }
}
