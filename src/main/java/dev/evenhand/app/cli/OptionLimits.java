package dev.evenhand.app.cli;

import dev.evenhand.domain.FieldLimits;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The one check of every CLI option value that reaches a bounded column of the store against
 * {@link FieldLimits} (whose numbers are the column sizes of the migrations), made after parsing and
 * before any command runs. A value over its limit is bad usage: exit 2 with one line naming the option,
 * the value's length and the limit, e.g. {@code --set: 250 characters, at most 200}, instead of an SQL
 * error from deep inside a write (issue 10, kind 10).
 */
final class OptionLimits implements CommandLine.IExecutionStrategy {
  /** Option name to the limit of the column it is stored in (or compared with), in characters. */
  static final Map<String, Integer> LIMITS = Map.of(
      "--set", FieldLimits.SET_NAME,
      "--from-set", FieldLimits.SET_NAME,
      "--model", FieldLimits.MODEL_TAG,
      "--models", FieldLimits.MODEL_TAG,
      "--reviewer", FieldLimits.REVIEWER,
      "--environment", FieldLimits.ENVIRONMENT,
      "--reason", FieldLimits.REASON,
      "--male", FieldLimits.LONG_TEXT,
      "--female", FieldLimits.LONG_TEXT);

  private final CommandLine.IExecutionStrategy next;

  /** @param next runs the command once its values passed */
  OptionLimits(CommandLine.IExecutionStrategy next) { this.next = next; }

  @Override
  public int execute(ParseResult parseResult) {
    for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
      for (OptionSpec o : pr.matchedOptions()) {
        Integer max = LIMITS.get(o.longestName());
        if (max == null) continue;
        Object v = o.getValue();
        List<?> values = v instanceof List<?> l ? l : java.util.Collections.singletonList(v);
        for (Object each : values) {
          String text = each == null ? null : each.toString();
          String problem = FieldLimits.tooLong(o.longestName(), text, max);
          if (problem == null && text != null && FieldLimits.invalidText(text) != null) problem = o.longestName() + ": " + FieldLimits.invalidText(text);
          if (problem != null) throw new CommandLine.ParameterException(pr.commandSpec().commandLine(), problem);
        }
        if (o.longestName().equals("--models")) {
          String joined = String.join(",", values.stream().map(x -> String.valueOf(x).strip()).toList());
          String problem = FieldLimits.tooLong("--models (all tags, comma-separated)", joined, FieldLimits.AUDIT_MODELS);
          if (problem != null) throw new CommandLine.ParameterException(pr.commandSpec().commandLine(), problem);
        }
      }
    }
    return next.execute(parseResult);
  }
}
