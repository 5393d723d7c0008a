package dev.evenhand.ui.review;

import dev.evenhand.usecase.ReviewKeys.Action;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;

/**
 * Where the Review screen's keys go (issue 12, point 4). A letter key is a shortcut outside a text field;
 * in a field the reviewer chose (clicked, tabbed into, or opened with E, Enter or /) it types; in a field
 * the focus reached any other way it leaves the field and acts, so a shortcut never types into a field
 * by accident. Ctrl chords act anywhere, except Ctrl+Z and Ctrl+Shift+Z, which undo and redo typing in a
 * chosen field. Esc in a field leaves it (the queue takes the focus). A key that acted also drops the
 * character it would type. Outside a field, the arrows move through the queue and Enter edits.
 */
final class ReviewKeyboard {
  private final KeyBindings keys;
  private final Parent root;
  private final ListView<?> queue;
  private final Consumer<Action> run;
  private final Runnable leaveField;
  private final BooleanSupplier stopOnEscape;
  /** The text field the reviewer chose, null for none. */
  private TextInputControl chosen;
  /** True while a Tab key is handled: a field it moves the focus to is chosen. */
  private boolean tabbing;
  /** True after a key acted: the character it would type next is dropped. */
  private boolean swallowTyped;
  private Scene scene;

  /**
   * @param keys       the bindings
   * @param root       the screen's root: every key and mouse press on the screen passes it
   * @param queue      the queue, which holds the focus between actions
   * @param run        does an action
   * @param leaveField runs after Esc took the focus out of a text field
   * @param stopOnEscape runs first on Esc (stops Regenerate); true when it stopped something, and Esc does nothing else
   */
  ReviewKeyboard(KeyBindings keys, Parent root, ListView<?> queue, Consumer<Action> run, Runnable leaveField, BooleanSupplier stopOnEscape) {
    this.keys = keys;
    this.root = root;
    this.queue = queue;
    this.run = run;
    this.leaveField = leaveField;
    this.stopOnEscape = stopOnEscape;
    root.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
    root.addEventFilter(KeyEvent.KEY_TYPED, e -> {
      if (swallowTyped) e.consume();
    });
    root.addEventFilter(KeyEvent.KEY_RELEASED, e -> swallowTyped = false);
    root.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> chosen = field(e.getPickResult().getIntersectedNode()));
  }

  /** Watches a scene's focus: a field that Tab moves the focus to (also from outside the screen) counts as chosen. */
  void watch(Scene s) {
    if (s == null || s == scene) return;
    scene = s;
    s.addEventFilter(KeyEvent.KEY_PRESSED, e -> tabbing = e.getCode() == KeyCode.TAB);
    s.focusOwnerProperty().addListener((o, a, owner) -> {
      if (tabbing && owner instanceof TextInputControl t && t.isEditable()) chosen = t;
    });
  }

  /** Gives a text field the focus as the reviewer's choice (E, Enter, /): keys type into it. */
  void choose(TextInputControl field) {
    chosen = field;
    field.requestFocus();
  }

  /** The queue takes the focus; no text field is chosen any more. */
  void toQueue() {
    chosen = null;
    queue.requestFocus();
  }

  /** @return the editable text field a node is or is inside, else null */
  private static TextInputControl field(Object node) {
    for (Object n = node; n instanceof Node x; n = x.getParent()) {
      if (n instanceof TextInputControl t) return t.isEditable() ? t : null;
    }
    return null;
  }

  private void onKey(KeyEvent e) {
    swallowTyped = false;
    TextInputControl field = field(e.getTarget());
    boolean typing = field != null && field == chosen;
    if (e.getCode() == KeyCode.ESCAPE && stopOnEscape.getAsBoolean()) {
      e.consume();
      return;
    }
    if (field != null && e.getCode() == KeyCode.ESCAPE) {
      toQueue();
      leaveField.run();
      e.consume();
      return;
    }
    Action a = keys.match(e);
    if (a == null && e.getTarget() == queue && selectsInsteadOfFocusing(e)) return;
    if (a == null && field == null) a = unbound(e);
    if (a == null) return;
    if (typing && (!keys.chord(a) || a == Action.UNDO || a == Action.REDO)) return; // typing, or undoing typing
    if (field != null) toQueue(); // a field the reviewer did not choose: the key acts instead of typing
    run.accept(a);
    swallowTyped = true;
    e.consume();
  }

  /**
   * Ctrl+Home, Ctrl+End, Ctrl+Up and Ctrl+Down in the queue: a list view moves only its focus with them, leaving no row
   * highlighted while the pair shown (the one A would accept) stays where it was (a newcomer's trial accepted pair 1
   * after Ctrl+End showed the end of the list). Here they select, as Home, End and the arrows do.
   *
   * @return true when the key was one of them (consumed)
   */
  private boolean selectsInsteadOfFocusing(KeyEvent e) {
    if (!e.isShortcutDown() || e.isAltDown() || e.isShiftDown()) return false;
    int n = queue.getItems().size();
    int at = queue.getSelectionModel().getSelectedIndex();
    int to = switch (e.getCode()) {
      case HOME -> 0;
      case END -> n - 1;
      case UP -> Math.max(0, at - 1);
      case DOWN -> Math.min(n - 1, at + 1);
      default -> -2;
    };
    if (to == -2) return false;
    if (to >= 0 && to != at) {
      queue.getSelectionModel().select(to);
      queue.scrollTo(Math.max(0, to - 3));
    }
    e.consume();
    return true;
  }

  /** @return what a key that is no binding does outside a text field: arrows move, Enter edits; else null */
  private Action unbound(KeyEvent e) {
    if (e.isShortcutDown() || e.isAltDown()) return null;
    return switch (e.getCode()) {
      case DOWN -> Action.NEXT;
      case UP -> Action.PREVIOUS;
      case ENTER -> e.getTarget() == queue || e.getTarget() == root ? Action.EDIT : null;
      default -> null;
    };
  }
}
