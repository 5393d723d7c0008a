package dev.evenhand.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.usecase.ReviewKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.junit.jupiter.api.Test;

/**
 * {@link ReviewKeys} reads key texts without JavaFX; these tests hold it to JavaFX's own reading
 * ({@code KeyCombination.valueOf}, which needs no running toolkit), so a setting the settings file accepts
 * is exactly one the Review screen can bind.
 */
class ReviewKeysTest {
  /** The Review screen's reading: a key-code combination in JavaFX's spelling, or nothing. */
  private static Optional<String> javafx(String key) {
    if (key == null || key.isBlank()) return Optional.empty();
    try {
      KeyCombination c = KeyCombination.valueOf(key.strip());
      return c instanceof KeyCodeCombination ? Optional.of(c.getName()) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @Test
  void everyKeyJavaFxNamesIsReadAsJavaFxReadsIt() {
    for (KeyCode k : KeyCode.values()) {
      for (String text : List.of(k.getName(), k.getName().toLowerCase(Locale.ROOT), "Shift+" + k.getName(), "ctrl + alt+" + k.getName())) {
        assertThat(ReviewKeys.parse(text)).as(text).isEqualTo(javafx(text));
      }
    }
  }

  @Test
  void randomKeyTextsAreReadAsJavaFxReadsThem() {
    List<String> parts = new ArrayList<>(List.of("Shift", "shift", "SHIFT", "Ctrl", "ctrl", "Alt", "Meta", "Shortcut", "shortcut",
        "Ignore Shift", "ignore  ctrl", "Ignore Ignore Alt", "Command", "Windows", "Undefined", "'a'", "'+'", "'\\''", "'", "''", "x y",
        "Foo", "page up", "PAGE   DOWN", "Numpad 0", "input method on/off", "Input Method On/Off", "F13", "", " "));
    for (KeyCode k : KeyCode.values()) parts.add(k.getName());
    List<String> joins = List.of("+", " + ", "++", " ", "+ ", "\t+", " +\t", "", "'");
    Random random = new Random(11);
    int keys = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder(random.nextInt(4) == 0 ? " " : "");
      int n = 1 + random.nextInt(4);
      for (int j = 0; j < n; j++) {
        if (j > 0) sb.append(joins.get(random.nextInt(joins.size())));
        sb.append(parts.get(random.nextInt(parts.size())));
      }
      String text = sb.toString();
      Optional<String> expected = javafx(text);
      assertThat(ReviewKeys.parse(text)).as("'%s'", text).isEqualTo(expected);
      if (expected.isPresent()) keys++;
    }
    assertThat(keys).as("the sample holds keys as well as non-keys").isGreaterThan(2_000).isLessThan(18_000);
  }

  @Test
  void aKeyTakenByTwoActionsNamesTheSettingThatChangedIt() {
    assertThat(ReviewKeys.problem(Map.of())).isNull();
    assertThat(ReviewKeys.problem(Map.of("keys.accept", "r"))).isEqualTo("keys.accept: R is already keys.reject's key");
    assertThat(ReviewKeys.problem(Map.of("keys.redo", "shortcut + z"))).isEqualTo("keys.redo: Shortcut+Z is already keys.undo's key");
    assertThat(ReviewKeys.problem(Map.of("keys.accept", "R", "keys.reject", "A"))).isNull();
    assertThat(ReviewKeys.problem(Map.of("keys.skip", "'s'"))).startsWith("keys.skip: not a key");
    assertThat(ReviewKeys.problem(Map.of("keys.jump", "J"))).startsWith("keys.jump: no such action");
  }
}
