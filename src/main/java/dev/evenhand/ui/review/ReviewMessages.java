package dev.evenhand.ui.review;

import java.util.ResourceBundle;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Review screen's status line: one message at a time, what was saved or what failed. The screen's
 * parts write into it through the resource bundle's keys.
 */
final class ReviewMessages {
  private final StringProperty message = new SimpleStringProperty("");
  private final ResourceBundle text;

  /** @param text the resource bundle */
  ReviewMessages(ResourceBundle text) { this.text = text; }

  /** @return the bundle's text of a key, unformatted */
  String text(String key) { return text.getString(key); }

  /** Shows the bundle's text of a key, formatted with {@link String#format} and the arguments. */
  void say(String key, Object... args) { message.set(String.format(text.getString(key), args)); }

  /** Shows a failure: its message, as the store or the model put it. */
  void failed(Throwable e) { message.set(dev.evenhand.ui.UiText.plain(e.getMessage())); }

  /** Empties the line. */
  void clear() { message.set(""); }

  /** @return the line */
  StringProperty property() { return message; }
}
