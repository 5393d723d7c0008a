package dev.evenhand.testing;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Finds text a person cannot read whole in a scene: a label or button whose skin shows a shortened text
 * ("Pu..." for "Pull"), or that reaches past the window's right edge.
 */
public final class Clipped {
  private Clipped() {}

  /**
   * Reads the scene as the next frame draws it: on the FX thread, after the CSS and layout passes that a pulse
   * runs before it renders. A label or button shown a moment ago keeps its old size and shown text until that
   * layout (a button that was hidden and unmanaged is 0 px wide and shows "", which no frame ever draws), so a
   * check between the change and the pulse saw an empty text (WelcomeUiTest on a busy CI machine).
   *
   * @param scene the scene
   * @return one line per shown label or button whose text is cut off: its full text and what shows
   */
  public static List<String> in(Scene scene) {
    try {
      return WaitForAsyncUtils.asyncFx(() -> {
        scene.getRoot().applyCss();
        scene.getRoot().layout();
        List<String> out = new ArrayList<>();
        walk(scene.getRoot(), scene.getWidth(), out);
        return out;
      }).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the scene", e);
    }
  }

  /** A text that changes while it is read differs from the one shown without being cut: only an ellipsis counts. */
  private static boolean shortened(String shown, Labeled l) {
    String e = l.getEllipsisString() == null || l.getEllipsisString().isEmpty() ? "..." : l.getEllipsisString();
    return shown.contains(e) && !l.getText().contains(e) || shown.isEmpty();
  }

  private static void walk(Node n, double width, List<String> out) {
    if (!n.isVisible()) return;
    if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
      for (Node c : l.getChildrenUnmodifiable()) {
        if (c instanceof Text t && c.getClass().getSimpleName().equals("LabeledText") && !t.getText().equals(l.getText())
            && shortened(t.getText(), l)) {
          out.add("'" + l.getText() + "' shows as '" + t.getText() + "'");
        }
      }
      double right = l.localToScene(l.getBoundsInLocal()).getMaxX();
      if (right > width + 1) out.add("'" + l.getText() + "' reaches " + Math.round(right) + " px, past the window's " + Math.round(width));
    }
    if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) walk(c, width, out);
  }
}
