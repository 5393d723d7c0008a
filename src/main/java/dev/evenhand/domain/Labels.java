package dev.evenhand.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The lower-case labels under which enums are stored and shown, e.g. {@code server_busy} for {@code SERVER_BUSY}. */
final class Labels {
  private Labels() {}

  /** @return the label of a constant: its name in lower case */
  static String of(Enum<?> e) { return e.name().toLowerCase(Locale.ROOT); }

  /**
   * @param values the enum's constants
   * @param text   a label, any case, surrounding white space ignored
   * @param label  the label of a constant
   * @param what   what the enum is, for the message, e.g. {@code run status}
   * @return the constant whose label is {@code text}
   * @throws IllegalArgumentException naming the labels allowed when none is
   */
  static <E extends Enum<E>> E parse(E[] values, String text, Function<E, String> label, String what) {
    for (E e : values) if (label.apply(e).equalsIgnoreCase(text.strip())) return e;
    List<String> all = new ArrayList<>();
    for (E e : values) all.add(label.apply(e));
    String last = all.remove(all.size() - 1);
    throw new IllegalArgumentException("unknown " + what + " '" + text + "' (" + (all.isEmpty() ? "" : String.join(", ", all) + " or ") + last + ")");
  }
}
