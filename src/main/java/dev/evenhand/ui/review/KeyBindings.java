package dev.evenhand.ui.review;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * The Review screen's keys: single letters outside a text field (A accept, E edit, R reject, S skip,
 * F flag, J/K next/previous, / search, ? the shortcut sheet, P provenance, G regenerate) and Ctrl chords anywhere
 * (Ctrl+Z undo, Ctrl+Shift+Z redo, Ctrl+Enter accept). Any of them can be rebound in the settings file
 * as {@code keys.<action>=<key>}, e.g. {@code keys.accept=Y} or {@code keys.undo=Shortcut+U}
 * (JavaFX {@link KeyCombination} syntax).
 */
public final class KeyBindings {
  /** What a key does. */
  public enum Action {
    ACCEPT("A"), EDIT("E"), REJECT("R"), REJECT_WITH_REASON("Shift+R"), SKIP("S"), FLAG("F"), NEXT("J"), PREVIOUS("K"),
    SEARCH("Slash"), HELP("Shift+Slash"), PROVENANCE("P"), REGENERATE("G"), UNDO("Shortcut+Z"), REDO("Shortcut+Shift+Z"), ACCEPT_ANYWHERE("Shortcut+Enter");

    final String defaultKey;

    Action(String defaultKey) { this.defaultKey = defaultKey; }

    /** @return the settings key, e.g. {@code keys.accept} */
    public String settingsKey() { return "keys." + name().toLowerCase(Locale.ROOT); }
  }

  private final Map<Action, KeyCombination> keys = new EnumMap<>(Action.class);

  /**
   * @param overrides settings entries {@code keys.<action>} to key names; unknown or malformed entries keep the default
   */
  public KeyBindings(Map<String, String> overrides) {
    for (Action a : Action.values()) {
      String k = overrides.getOrDefault(a.settingsKey(), a.defaultKey);
      KeyCombination c;
      c = parse(k);
      if (c == null) c = KeyCombination.valueOf(a.defaultKey);
      keys.put(a, c);
    }
  }

  /**
   * @param key e.g. {@code A}, {@code Shift+R}, {@code Shortcut+Z}
   * @return the key combination, or null when the text names no key
   */
  public static KeyCombination parse(String key) {
    if (key == null || key.isBlank()) return null;
    try {
      KeyCombination c = KeyCombination.valueOf(key.strip());
      return c instanceof javafx.scene.input.KeyCodeCombination ? c : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Checks the {@code keys.*} settings before they are used: every name must be an action and no two
   * actions may end up on the same key (defaults included), or one of them could never be reached.
   *
   * @param overrides settings entries {@code keys.<action>} to key names (other keys are ignored)
   * @return null when they are usable, else one line naming the setting at fault
   */
  public static String problem(Map<String, String> overrides) {
    Map<String, Action> bySettingsKey = new java.util.TreeMap<>();
    for (Action a : Action.values()) bySettingsKey.put(a.settingsKey(), a);
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(overrides).entrySet()) {
      if (!e.getKey().startsWith("keys.")) continue;
      if (!bySettingsKey.containsKey(e.getKey())) {
        return e.getKey() + ": no such action (known: " + String.join(", ", bySettingsKey.keySet()) + ")";
      }
      if (parse(e.getValue()) == null) return e.getKey() + ": not a key ('" + e.getValue() + "'; e.g. A, Shift+R, Shortcut+Z)";
    }
    Map<KeyCombination, Action> taken = new java.util.HashMap<>();
    for (Action a : Action.values()) {
      KeyCombination c = parse(overrides.getOrDefault(a.settingsKey(), a.defaultKey));
      Action other = taken.putIfAbsent(c, a);
      if (other != null) {
        Action changed = overrides.containsKey(a.settingsKey()) ? a : other;
        Action kept = changed == a ? other : a;
        return changed.settingsKey() + ": " + c.getName() + " is already " + kept.settingsKey() + "'s key";
      }
    }
    return null;
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

  /** @return the key shown to the user, e.g. {@code Ctrl+Z} */
  public String display(Action a) { return keys.get(a).getDisplayText(); }
}
