package dev.evenhand.domain;

/**
 * The longest value the store accepts for each bounded text field, in characters (UTF-16 code units,
 * as H2 and PostgreSQL count {@code VARCHAR(n)}). Each number is the column size of the migration in
 * {@code src/main/resources/db/migration} named beside it; every entry point (CLI options, settings,
 * imports, seed themes) checks a value against these before anything is written, so a user sees
 * "environment: 130 characters, at most 100" instead of an SQL error. Keep in step with the migrations.
 */
public final class FieldLimits {
  /** {@code pair_set.name}, V1. */
  public static final int SET_NAME = 200;
  /** {@code pair_set.kind} and {@code story_pair.source_kind} (V1, V27): what filled a set, e.g. {@code genmo}. */
  public static final int SET_KIND = 40;
  /** {@code theme.id} and {@code story_pair.theme_id}, V1. */
  public static final int THEME_ID = 200;
  /** {@code theme.environment} and {@code story_pair.environment}, V1. */
  public static final int ENVIRONMENT = 100;
  /** {@code theme.text}, V1. */
  public static final int THEME_TEXT = 4000;
  /** {@code model_tag} columns (runs, pairs, judgments, calls, audits), V1 and V6. */
  public static final int MODEL_TAG = 200;
  /** {@code generation_run.profile}, V1. */
  public static final int PROFILE = 200;
  /** {@code story.name}: a protagonist's name, V1. */
  public static final int CHARACTER_NAME = 400;
  /** {@code review_action.reviewer}, V1. */
  public static final int REVIEWER = 200;
  /** {@code review_action.reason}, V1. */
  public static final int REASON = 4000;
  /** {@code model_call.template_id} and {@code judgment.template_id}, V1. */
  public static final int TEMPLATE_ID = 100;
  /** {@code audit_run.models}: the comma-separated model tags of an audit, V6. */
  public static final int AUDIT_MODELS = 2000;
  /** Stories, explanations and balanced judgments (CLOBs): the import limit of FORMATS.md. */
  public static final int LONG_TEXT = 1_000_000;

  private FieldLimits() {}

  /**
   * Checks that a text can be stored and written out again as UTF-8 and read back by Evenhand's own importer:
   * no NUL character (FORMATS.md) and no lone UTF-16 surrogate (not valid Unicode: it would come back as "?").
   *
   * @return what is wrong, or null when the text is fine
   */
  public static String invalidText(String s) {
    if (s.indexOf('\0') >= 0) return "contains a NUL character";
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
        continue;
      }
      if (Character.isSurrogate(ch)) {
        return String.format("holds a lone UTF-16 surrogate \\u%04x at character %d: not valid Unicode", (int) ch, i + 1);
      }
    }
    return null;
  }

  /**
   * Checks one value against its limit.
   *
   * @param field the name the user knows the field by, e.g. {@code environment} or {@code --reviewer}
   * @param value the value; null passes
   * @param max   the limit in characters, one of the constants above
   * @return null when the value fits, else a sentence such as
   *     {@code "environment: 130 characters, at most 100"}
   */
  public static String tooLong(String field, String value, int max) {
    if (value == null || value.length() <= max) return null;
    return field + ": " + value.length() + " characters, at most " + max;
  }
}
