package dev.evenhand.ui;

import java.util.function.Function;
import javafx.util.StringConverter;

/** One-way string converters for combo boxes that show a value but never parse one. */
public final class Converters {
  private Converters() {}

  /** @return a converter that shows values with {@code show}; typed text is never parsed back */
  public static <T> StringConverter<T> of(Function<T, String> show) {
    return new StringConverter<>() {
      @Override public String toString(T t) { return show.apply(t); }
      @Override public T fromString(String s) { return null; }
    };
  }
}
