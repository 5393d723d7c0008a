package dev.evenhand.usecase;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Review screen's key bindings as the settings file names them ({@code keys.<action>=<key>}), and the
 * rules such a setting must follow, without JavaFX: the settings are read and checked by the CLI too. The
 * screen turns the same texts into JavaFX key combinations ({@code ui.review.KeyBindings}).
 *
 * <p>A key text is read as JavaFX's {@code KeyCombination.valueOf} reads it (OpenJFX 21,
 * {@code javafx.scene.input.KeyCombination}): names separated by {@code +}, each name's words capitalised
 * ({@code page up} is {@code Page Up}), the modifiers Shift, Ctrl, Alt, Meta and Shortcut (each also as
 * {@code Ignore <modifier>}), and exactly one key named as a {@code KeyCode} names it. A quoted character
 * ({@code 'a'}) or an unknown name makes a character combination, which the Review screen does not take.
 * {@code ReviewKeysTest} checks this reading against JavaFX's own on several thousand texts.
 */
public final class ReviewKeys {
  private ReviewKeys() {}

  /** What a key does on the Review screen, with its default key. */
  public enum Action {
    ACCEPT("A"), EDIT("E"), REJECT("R"), REJECT_WITH_REASON("Shift+R"), SKIP("S"), FLAG("F"), NEXT("J"), PREVIOUS("K"),
    SEARCH("Slash"), HELP("Shift+Slash"), PROVENANCE("P"), REGENERATE("G"), UNDO("Shortcut+Z"), REDO("Shortcut+Shift+Z"),
    ACCEPT_ANYWHERE("Shortcut+Enter"), DISCARD_DRAFT("Shift+Esc");

    private final String defaultKey;

    Action(String defaultKey) { this.defaultKey = defaultKey; }

    /** @return the key used when the settings name none, e.g. {@code Shift+R} */
    public String defaultKey() { return defaultKey; }

    /** @return the settings key, e.g. {@code keys.accept} */
    public String settingsKey() { return "keys." + name().toLowerCase(Locale.ROOT); }
  }

  /** Modifier names in the order JavaFX writes them. */
  private static final List<String> MODIFIERS = List.of("Shift", "Ctrl", "Alt", "Meta", "Shortcut");

  /** Every {@code KeyCode.getName()} of OpenJFX 21, in declaration order. */
  private static final Set<String> KEY_NAMES = Set.of(("Enter|Backspace|Tab|Cancel|Clear|Shift|Ctrl|Alt|Pause|Caps Lock|Esc|Space|"
      + "Page Up|Page Down|End|Home|Left|Up|Right|Down|Comma|Minus|Period|Slash|0|1|2|3|4|5|6|7|8|9|Semicolon|Equals|"
      + "A|B|C|D|E|F|G|H|I|J|K|L|M|N|O|P|Q|R|S|T|U|V|W|X|Y|Z|Open Bracket|Back Slash|Close Bracket|"
      + "Numpad 0|Numpad 1|Numpad 2|Numpad 3|Numpad 4|Numpad 5|Numpad 6|Numpad 7|Numpad 8|Numpad 9|Multiply|Add|Separator|"
      + "Subtract|Decimal|Divide|Delete|Num Lock|Scroll Lock|F1|F2|F3|F4|F5|F6|F7|F8|F9|F10|F11|F12|F13|F14|F15|F16|F17|"
      + "F18|F19|F20|F21|F22|F23|F24|Print Screen|Insert|Help|Meta|Back Quote|Quote|Numpad Up|Numpad Down|Numpad Left|"
      + "Numpad Right|Dead Grave|Dead Acute|Dead Circumflex|Dead Tilde|Dead Macron|Dead Breve|Dead Abovedot|Dead Diaeresis|"
      + "Dead Abovering|Dead Doubleacute|Dead Caron|Dead Cedilla|Dead Ogonek|Dead Iota|Dead Voiced Sound|"
      + "Dead Semivoiced Sound|Ampersand|Asterisk|Double Quote|Less|Greater|Left Brace|Right Brace|At|Colon|Circumflex|"
      + "Dollar|Euro Sign|Exclamation Mark|Inverted Exclamation Mark|Left Parenthesis|Number Sign|Plus|Right Parenthesis|"
      + "Underscore|Windows|Context Menu|Final|Convert|Nonconvert|Accept|Mode Change|Kana|Kanji|Alphanumeric|Katakana|"
      + "Hiragana|Full Width|Half Width|Roman Characters|All Candidates|Previous Candidate|Code Input|Japanese Katakana|"
      + "Japanese Hiragana|Japanese Roman|Kana Lock|Input Method On/Off|Cut|Copy|Paste|Undo|Again|Find|Properties|Stop|"
      + "Compose|Alt Graph|Begin|Undefined|Softkey 0|Softkey 1|Softkey 2|Softkey 3|Softkey 4|Softkey 5|Softkey 6|"
      + "Softkey 7|Softkey 8|Softkey 9|Game A|Game B|Game C|Game D|Star|Pound|Power|Info|Colored Key 0|Colored Key 1|"
      + "Colored Key 2|Colored Key 3|Eject|Play|Record|Fast Forward|Rewind|Previous Track|Next Track|Channel Up|"
      + "Channel Down|Volume Up|Volume Down|Mute|Command|Shortcut").split("\\|"));

  /**
   * @param key e.g. {@code A}, {@code shift + r}, {@code Shortcut+Z}; null or blank names no key
   * @return the key in JavaFX's own spelling ({@code KeyCodeCombination.getName()}, e.g. {@code Shift+R},
   *     modifiers in the order Shift, Ctrl, Alt, Meta, Shortcut), or empty when the text names no key
   */
  public static Optional<String> parse(String key) {
    if (key == null || key.isBlank()) return Optional.empty();
    try {
      return Optional.ofNullable(read(key.strip()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** JavaFX's {@code valueOf}: null for a character combination or no key; throws where JavaFX throws. */
  private static String read(String value) {
    Map<String, String> modifiers = new HashMap<>();
    String code = null;
    boolean character = false;
    for (String token : split(value)) {
      if (token.length() > 2 && token.charAt(0) == '\'' && token.charAt(token.length() - 1) == '\'') {
        if (code != null || character) throw new IllegalArgumentException(value);
        character = true;
        continue;
      }
      String name = capitalise(token);
      String modifier = name.startsWith("Ignore ") ? name.substring("Ignore ".length()) : name;
      if (MODIFIERS.contains(modifier)) {
        if (modifiers.put(modifier, name) != null) throw new IllegalArgumentException("duplicate modifier " + value);
        continue;
      }
      if (code != null || character) throw new IllegalArgumentException(value);
      if (KEY_NAMES.contains(name)) code = name;
      else character = true;
    }
    if (code == null) return null;
    if (MODIFIERS.contains(code) || code.equals("Undefined")) throw new IllegalArgumentException(value);
    StringBuilder out = new StringBuilder();
    for (String m : MODIFIERS) if (modifiers.containsKey(m)) out.append(modifiers.get(m)).append('+');
    return out.append(code).toString();
  }

  /** Each word: first letter upper case, the rest lower case (JavaFX's {@code normalizeToken}). */
  private static String capitalise(String token) {
    StringBuilder sb = new StringBuilder();
    for (String word : token.split("\\s+")) {
      if (sb.length() > 0) sb.append(' ');
      sb.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }

  /** Splits at {@code +} outside quotes, as JavaFX's {@code splitName}; throws on an empty name. */
  private static List<String> split(String name) {
    List<String> tokens = new ArrayList<>();
    char[] chars = name.trim().toCharArray();
    final int plain = 0, space = 1, plus = 2, quoted = 3;
    int state = plain, start = 0, end = -1;
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      boolean white = c == ' ' || c >= '\t' && c <= '\r';
      switch (state) {
        case plain -> {
          if (white) { end = i; state = space; }
          else if (c == '+') { end = i; state = plus; }
          else if (c == '\'' && (i == 0 || chars[i - 1] != '\\')) state = quoted;
        }
        case space -> {
          if (c == '+') state = plus;
          else if (c == '\'') { state = quoted; end = -1; }
          else if (!white) { state = plain; end = -1; }
        }
        case plus -> {
          if (c == '+' || !white && end <= start) throw new IllegalArgumentException(name);
          if (!white) {
            tokens.add(new String(chars, start, end - start));
            start = i;
            end = -1;
            state = c == '\'' ? quoted : plain;
          }
        }
        default -> { if (c == '\'' && chars[i - 1] != '\\') state = plain; }
      }
    }
    if (state == plus || state == quoted) throw new IllegalArgumentException(name);
    tokens.add(new String(chars, start, chars.length - start));
    return tokens;
  }

  /**
   * Checks the {@code keys.*} settings before they are used: every name must be an action, every value a
   * key, and no two actions may end up on the same key (defaults included), or one of them could never
   * be reached.
   *
   * @param overrides settings entries {@code keys.<action>} to key texts (other entries are ignored)
   * @return null when they are usable, else one line naming the setting at fault
   */
  public static String problem(Map<String, String> overrides) {
    Map<String, Action> bySettingsKey = new TreeMap<>();
    for (Action a : Action.values()) bySettingsKey.put(a.settingsKey(), a);
    for (Map.Entry<String, String> e : new TreeMap<>(overrides).entrySet()) {
      if (!e.getKey().startsWith("keys.")) continue;
      if (!bySettingsKey.containsKey(e.getKey())) {
        return e.getKey() + ": no such action (known: " + String.join(", ", bySettingsKey.keySet()) + ")";
      }
      if (parse(e.getValue()).isEmpty()) return notAKey(e.getKey(), e.getValue());
    }
    Map<String, Action> taken = new HashMap<>();
    for (Action a : Action.values()) {
      String key = parse(overrides.getOrDefault(a.settingsKey(), a.defaultKey())).orElseThrow();
      Action other = taken.putIfAbsent(key, a);
      if (other != null) {
        Action changed = overrides.containsKey(a.settingsKey()) ? a : other;
        Action kept = changed == a ? other : a;
        return changed.settingsKey() + ": " + key + " is already " + kept.settingsKey() + "'s key";
      }
    }
    return null;
  }

  /**
   * @param settingsKey e.g. {@code keys.accept}
   * @param value       the text that names no key
   * @return the line that says so, with examples
   */
  public static String notAKey(String settingsKey, String value) {
    return settingsKey + ": not a key ('" + value + "'; e.g. A, Shift+R, Shortcut+Z)";
  }
}
