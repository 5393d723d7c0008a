package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.ui.review.KeyBindings;
import dev.evenhand.usecase.ReviewKeys.Action;
import java.util.Map;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.junit.jupiter.api.Test;

/** Review keys and their rebinding from the settings. */
class KeyBindingsTest {
  private static KeyEvent key(KeyCode code, boolean shift, boolean ctrl) {
    return new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, shift, ctrl, false, false);
  }

  @Test
  void defaultsAndRebinding() {
    KeyBindings d = new KeyBindings(Map.of());
    assertThat(d.match(key(KeyCode.A, false, false))).isEqualTo(Action.ACCEPT);
    assertThat(d.match(key(KeyCode.R, true, false))).isEqualTo(Action.REJECT_WITH_REASON);
    assertThat(d.match(key(KeyCode.R, false, false))).isEqualTo(Action.REJECT);
    assertThat(d.match(key(KeyCode.Y, false, false))).isNull();

    KeyBindings custom = new KeyBindings(Map.of("keys.accept", "Y", "keys.undo", "Shortcut+U", "keys.skip", "not a key"));
    assertThat(custom.match(key(KeyCode.Y, false, false))).isEqualTo(Action.ACCEPT);
    assertThat(custom.match(key(KeyCode.A, false, false))).isNull();
    assertThat(custom.match(key(KeyCode.S, false, false))).as("a malformed binding keeps the default").isEqualTo(Action.SKIP);
    assertThat(custom.chord(Action.UNDO)).isTrue();
    assertThat(custom.chord(Action.ACCEPT)).isFalse();
  }
}
