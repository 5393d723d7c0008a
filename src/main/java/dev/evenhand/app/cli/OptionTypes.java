package dev.evenhand.app.cli;

import dev.evenhand.domain.DeleteTarget;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.exchange.ExportContext;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.usecase.ImportUseCase;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The typed option values of the CLI. Each converter refuses a bad value with the one-line message of the
 * CLI contract (DESIGN.md), which {@link Cli} prints as it is, with exit 2.
 */
final class OptionTypes {
  private OptionTypes() {}

  /** A value one of these converters refused in the contract's words; {@link Cli} prints its message as it is. */
  static final class Refused extends TypeConversionException {
    Refused(String message) { super(message); }
  }

  /**
   * A converter whose parse failure (an {@link IllegalArgumentException}, {@link DateTimeException} or
   * {@link InvalidInputException}) becomes picocli's bad-value error with {@link #message}; a number that
   * does not parse gets picocli's own words for an int.
   *
   * @param <T> the option's type
   */
  abstract static class Checked<T> implements ITypeConverter<T> {
    /** @return the value @throws RuntimeException of the kinds above when it is not one */
    abstract T parse(String value);

    /** @return the error line for a bad value: by default the parser's own message */
    String message(String value, RuntimeException e) { return e.getMessage(); }

    @Override
    public final T convert(String value) {
      try {
        return parse(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not an int");
      } catch (IllegalArgumentException | DateTimeException | InvalidInputException e) {
        throw new Refused(message(value, e));
      }
    }
  }

  /** {@code --status} of {@code review list}: pending, accepted or rejected, any case. */
  public static final class Status extends Checked<ReviewStatus> {
    @Override ReviewStatus parse(String value) { return ReviewStatus.parse(value); }
  }

  /** {@code --status} of {@code export}: a review status, or {@code all} (null: any status). */
  public static final class StatusOrAll extends Checked<ReviewStatus> {
    @Override ReviewStatus parse(String value) { return value.strip().equalsIgnoreCase("all") ? null : ReviewStatus.parse(value); }

    @Override String message(String value, RuntimeException e) { return "--status: " + e.getMessage() + " or all"; }
  }

  /** {@code --since}: a day, yyyy-mm-dd. */
  public static final class Day extends Checked<LocalDate> {
    @Override LocalDate parse(String value) { return LocalDate.parse(value); }

    @Override String message(String value, RuntimeException e) { return "--since: not a date (yyyy-mm-dd): " + value; }
  }

  /** {@code --recipe}: paper or cda, any case. */
  public static final class Recipe extends Checked<ExportContext.Recipe> {
    @Override ExportContext.Recipe parse(String value) { return ExportContext.Recipe.valueOf(value.toUpperCase(Locale.ROOT)); }

    @Override String message(String value, RuntimeException e) { return "--recipe: paper or cda (got '" + value + "')"; }
  }

  /** {@code import SOURCE}: genmo, paper, jsonl or csv, any case. */
  public static final class Source extends Checked<ImportService.Source> {
    @Override ImportService.Source parse(String value) { return ImportUseCase.source(value); }
  }

  /** {@code --parallel}: requests in flight per host, 1 to 64. */
  public static final class Slots extends Checked<Integer> {
    @Override
    Integer parse(String value) {
      int n = Integer.parseInt(value);
      if (n < 1 || n > 64) throw new IllegalArgumentException("--parallel must be between 1 and 64 (got " + n + ")");
      return n;
    }
  }

  /** {@code delete WHAT}: run, audit or set, any case. */
  public static final class Target extends Checked<DeleteTarget> {
    @Override DeleteTarget parse(String value) { return DeleteTarget.of(value); }
  }
}
