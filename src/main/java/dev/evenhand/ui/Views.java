package dev.evenhand.ui;

import java.util.Collection;
import java.util.function.Function;
import javafx.beans.property.Property;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableNumberValue;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;

/** Bindings the screens' controllers share: one way to show a node, a choice box and a background job. */
public final class Views {
  private Views() {}

  /**
   * Shows a node while a condition holds; a hidden node takes no room.
   *
   * @param node  the node
   * @param shown the condition
   */
  public static void shownWhile(Node node, ObservableBooleanValue shown) {
    node.visibleProperty().bind(shown);
    node.managedProperty().bind(node.visibleProperty());
  }

  /**
   * Shows or hides a node; a hidden node takes no room.
   *
   * @param node  the node
   * @param shown true to show it
   */
  public static void shown(Node node, boolean shown) {
    node.setVisible(shown);
    node.setManaged(shown);
  }

  /**
   * Fills a combo box with values shown as text and binds its value both ways.
   *
   * @param box    the combo box
   * @param values the values in order (may hold null, e.g. for "all")
   * @param show   the text of a value (also called with null)
   * @param value  the view model's property
   */
  public static <T> void choices(ComboBox<T> box, Collection<T> values, Function<T, String> show, Property<T> value) {
    box.getItems().setAll(values);
    box.setConverter(Converters.of(show));
    box.valueProperty().bindBidirectional(value);
  }

  /**
   * Binds the controls of a background job: start is disabled while it runs, cancel while it does not.
   *
   * @param start    starts the job
   * @param cancel   cancels it
   * @param bar      its progress
   * @param running  true while it runs
   * @param progress 0 to 1, negative while unknown
   */
  public static void job(Button start, Button cancel, ProgressBar bar, ObservableBooleanValue running, ObservableNumberValue progress) {
    start.disableProperty().bind(running);
    cancel.disableProperty().bind(javafx.beans.binding.Bindings.not(running));
    bar.progressProperty().bind(progress);
  }

  /**
   * @param label the label
   * @param text  the text it shows
   */
  public static void text(Label label, ObservableStringValue text) { label.textProperty().bind(text); }

  /**
   * An editable spinner of whole numbers from {@code min} to {@code max} that never throws on what is typed: the field
   * takes digits only (typed or pasted; JavaFX's own converter threw NumberFormatException on "abc" when the field lost
   * focus, which reached the user as "Something went wrong"), and a number out of range is left as typed instead of
   * being clamped, so the screen's check can say so when the user starts (a newcomer's 0 quietly became 1).
   *
   * @param onValue receives each valid number the spinner commits
   */
  public static void wholeNumberSpinner(javafx.scene.control.Spinner<Integer> spinner, int min, int max, int initial,
                                        java.util.function.IntConsumer onValue) {
    var f = new javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, initial);
    f.setConverter(new javafx.util.StringConverter<>() {
      @Override public String toString(Integer v) { return v == null ? "" : v.toString(); }

      @Override public Integer fromString(String s) {
        try {
          int v = Integer.parseInt(s.strip());
          return v < min || v > max ? f.getValue() : v;
        } catch (NumberFormatException e) {
          return f.getValue(); // keeps the number before; the text stays for the screen's check to name
        }
      }
    });
    spinner.setValueFactory(f);
    spinner.setEditable(true);
    spinner.getEditor().setTextFormatter(new javafx.scene.control.TextFormatter<>(c -> c.getControlNewText().matches("\\d{0,9}") ? c : null));
    f.valueProperty().addListener((o, a, b) -> { if (b != null) onValue.accept(b); });
  }
}
