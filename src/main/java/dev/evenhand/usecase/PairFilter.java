package dev.evenhand.usecase;

import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.store.PairQuery;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which pairs of the review queue a listing or an export takes, as the researcher gave it ({@code review list}
 * and {@code export} share these filters). Null means "any".
 *
 * @param status        the review status, or null for all
 * @param divergentOnly only divergent pairs
 * @param set           only this pair set (a run's set is {@code run-<id>})
 * @param environment   only this environment
 * @param model         only pairs judged by this model tag
 * @param reviewer      only pairs this reviewer acted on
 * @param since         only pairs stored on or after this day, in the machine's time zone
 */
public record PairFilter(ReviewStatus status, boolean divergentOnly, String set, String environment, String model, String reviewer,
                         LocalDate since) {
  /** @return the store's query, in its default order (divergent first) */
  public PairQuery query() {
    PairQuery q = PairQuery.ALL.withStatus(status).withDivergentOnly(divergentOnly).withSet(set).withEnvironment(environment)
        .withModel(model).withReviewer(reviewer);
    return since == null ? q : q.withSince(since.atStartOfDay(ZoneId.systemDefault()).toInstant());
  }

  /**
   * @return the filters as an export's manifest records them (FORMATS.md): {@code status} (a label or {@code all}),
   *     {@code divergent_only}, then {@code set}, {@code environment}, {@code model}, {@code reviewer} and
   *     {@code since} (yyyy-mm-dd) when given
   */
  public Map<String, Object> manifest() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status == null ? "all" : status.label());
    m.put("divergent_only", divergentOnly);
    if (set != null) m.put("set", set);
    if (environment != null) m.put("environment", environment);
    if (model != null) m.put("model", model);
    if (reviewer != null) m.put("reviewer", reviewer);
    if (since != null) m.put("since", since.toString());
    return m;
  }
}
