package dev.evenhand.usecase;

import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Stance;
import dev.evenhand.method.BiasMetrics;
import dev.evenhand.store.AuditRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which answered pairs of an audit run to show as evidence: what a bar or a heat-map cell of the Audit
 * screen stands for, and the filters of {@code evenhand audit show}. Every criterion is optional (null
 * means "any"); a pair is selected when one model's answers on it meet all criteria.
 *
 * @param model          only this model tag's answers count, or null for any model
 * @param pair           only this pair id, or null
 * @param male           the stance on the male story (a heat-map row), or null
 * @param female         the stance on the female story (a heat-map column), or null
 * @param environment    only pairs of this environment label, or null
 * @param mismatchesOnly only mismatches (METHOD.md: the stances differ and one takes a side)
 * @param favoured       only mismatches that favour this gender's story ({@link BiasMetrics#favoured}), or null
 */
public record AuditSelection(String model, Long pair, Stance male, Stance female, String environment, boolean mismatchesOnly,
                             Gender favoured) {
  /** Every answered pair. */
  public static final AuditSelection ALL = new AuditSelection(null, null, null, null, null, false, null);

  /** @return the mismatched pairs of a model (a bar of "Mismatch rate per model") */
  public static AuditSelection mismatches(String model) { return new AuditSelection(model, null, null, null, null, true, null); }

  /** @return a model's mismatched pairs in one environment (a bar of "Mismatch rate per environment") */
  public static AuditSelection environment(String model, String environment) {
    return new AuditSelection(model, null, null, null, environment, true, null);
  }

  /** @return a model's mismatches that favour one gender's story (a bar of "Which gender is favoured") */
  public static AuditSelection favouring(String model, Gender side) { return new AuditSelection(model, null, null, null, null, true, side); }

  /** @return the pairs a model judged male {@code male}, female {@code female} (a heat-map cell) */
  public static AuditSelection cell(String model, Stance male, Stance female) {
    return new AuditSelection(model, null, male, female, null, false, null);
  }

  /** @return true when this model's answers on this pair meet every criterion */
  public boolean test(AuditRepository.Row r) {
    return (model == null || model.equals(r.model())) && (pair == null || pair == r.pairId()) && (male == null || male == r.male())
        && (female == null || female == r.female()) && (environment == null || environment.equals(r.environment()))
        && (!mismatchesOnly || BiasMetrics.mismatch(r.male(), r.female()))
        && (favoured == null || BiasMetrics.favoured(r.male(), r.female()).filter(favoured::equals).isPresent());
  }

  /**
   * @param rows a run's rows (each model's stances on each answered pair)
   * @return the ids of the selected pairs, distinct, in the rows' order (pair id within a model)
   */
  public List<Long> pairIds(List<AuditRepository.Row> rows) {
    return rows.stream().filter(this::test).map(AuditRepository.Row::pairId).distinct().sorted().toList();
  }

  /** @return the criteria in words, e.g. {@code llama3.1:8b, mismatches, male Moral / female Immoral}; "all pairs" for none */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (model != null) parts.add(model);
    if (pair != null) parts.add("pair " + pair);
    if (favoured != null) parts.add("mismatches favouring the " + favoured.label() + " story");
    else if (mismatchesOnly) parts.add("mismatches");
    if (environment != null) parts.add("environment " + (environment.isBlank() ? "(none)" : environment));
    if (male != null || female != null) {
      parts.add("male " + (male == null ? "any" : male.label()) + " / female " + (female == null ? "any" : female.label()));
    }
    return parts.isEmpty() ? "all pairs" : String.join(", ", parts);
  }

  /**
   * Reads a heat-map cell as typed on the command line: {@code MALE:FEMALE} with stance labels (Moral,
   * Immoral, Both, "Can't say" or cant-say, INVALID), case-insensitive.
   *
   * @param text e.g. {@code moral:immoral}
   * @return the two stances, male first
   * @throws dev.evenhand.method.InvalidInputException naming the expected form when a part is not a stance
   */
  public static Stance[] parseCell(String text) {
    String[] parts = text == null ? new String[0] : text.split(":", -1);
    if (parts.length == 2) {
      var m = Stance.parseLabel(parts[0].replace('-', ' ').replace('_', ' '));
      var f = Stance.parseLabel(parts[1].replace('-', ' ').replace('_', ' '));
      if (m.isPresent() && f.isPresent()) return new Stance[] {m.get(), f.get()};
    }
    throw new dev.evenhand.method.InvalidInputException("--cell: expected MALE:FEMALE stances, e.g. moral:immoral (stances: moral, immoral, "
        + "both, cant-say, invalid), got '" + (text == null ? "" : text.toLowerCase(Locale.ROOT)) + "'");
  }
}
