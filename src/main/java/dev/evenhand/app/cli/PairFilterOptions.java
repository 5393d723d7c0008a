package dev.evenhand.app.cli;

import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.usecase.PairFilter;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/**
 * The pair filters {@code review list} and {@code export} share (a picocli mixin). Each command adds its own
 * {@code --status}, whose values and default differ (export takes {@code all} and defaults to accepted).
 */
public final class PairFilterOptions {
  @Option(names = "--divergent", description = "only divergent pairs") boolean divergent;
  @Option(names = "--set", paramLabel = "NAME", description = "only this pair set (a run's set is run-<id>)") String set;
  @Option(names = "--environment", paramLabel = "E", description = "only this environment") String environment;
  @Option(names = "--model", paramLabel = "TAG", description = "only pairs judged by this model") String model;
  @Option(names = "--reviewer", paramLabel = "NAME", description = "only pairs this reviewer acted on") String reviewer;

  @Option(names = "--since", paramLabel = "DATE", converter = OptionTypes.Day.class,
      description = "only pairs stored on or after this day (yyyy-mm-dd)") LocalDate since;

  /**
   * @param status the command's {@code --status}, or null for all
   * @return the filter
   */
  public PairFilter filter(ReviewStatus status) { return new PairFilter(status, divergent, set, environment, model, reviewer, since); }
}
