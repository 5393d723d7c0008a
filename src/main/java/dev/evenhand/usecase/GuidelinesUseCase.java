package dev.evenhand.usecase;

import dev.evenhand.domain.Guidelines;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.store.GuidelinesRepository;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The annotation guidelines of a pair set (issue 15, point 5), as the {@code guidelines} command and the Review
 * screen use them: Markdown, versioned (an edit saves the next version, old versions are kept), and recorded with
 * every review decision (the store stamps each history row with the version in force when it is saved). Every method
 * blocks on the database.
 */
public final class GuidelinesUseCase {
  private final GuidelinesRepository guidelines;
  private final Clock clock;

  /**
   * @param guidelines where the versions are kept
   * @param clock      the time recorded with a new version
   */
  public GuidelinesUseCase(GuidelinesRepository guidelines, Clock clock) {
    this.guidelines = Objects.requireNonNull(guidelines, "guidelines");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What an edit did.
   *
   * @param guidelines the set's current version after the edit
   * @param changed    false when the text equalled the current version's (no version was added)
   */
  public record Edit(Guidelines guidelines, boolean changed) {}

  /**
   * Saves new guidelines for a set: the next version, unless the text equals the current one.
   *
   * @param set    the pair set's name
   * @param text   Markdown; line ends are made LF and surrounding white space removed
   * @param author the reviewer name from the settings
   * @return the version now current, and whether it is new
   * @throws InvalidInputException for an unknown set, an empty or blank author, an empty text, a text over
   *     {@link Guidelines#MAX_TEXT} characters, or one holding a NUL or a lone surrogate (nothing is saved)
   */
  public Edit edit(String set, String text, String author) {
    NoteChecks.author(author);
    String t = NoteChecks.text("the guidelines text", text, Guidelines.MAX_TEXT);
    Optional<Guidelines> before = guidelines.current(set);
    Guidelines now = guidelines.save(set, t, author, now()).orElseThrow(() -> noSet(set));
    return new Edit(now, before.map(b -> b.version() != now.version()).orElse(true));
  }

  /** @return the set's current guidelines, empty when it has none yet @throws InvalidInputException for an unknown set */
  public Optional<Guidelines> current(String set) {
    requireSet(set);
    return guidelines.current(set);
  }

  /** @return one version of a set's guidelines @throws InvalidInputException for an unknown set or version */
  public Guidelines version(String set, int version) {
    requireSet(set);
    return guidelines.version(set, version).orElseThrow(() -> new InvalidInputException("pair set '" + set + "' has no guidelines version " + version));
  }

  /** @return every version of a set's guidelines, oldest first @throws InvalidInputException for an unknown set */
  public List<Guidelines> versions(String set) {
    requireSet(set);
    return guidelines.versions(set);
  }

  /** @return the current guidelines of the pair's set, empty when the set has none or there is no such pair */
  public Optional<Guidelines> forPair(long pairId) { return guidelines.currentForPair(pairId); }

  /** @return the guidelines version each of the pair's review history rows was saved under, by history row id (rows without one left out) */
  public Map<Long, Integer> historyVersions(long pairId) { return guidelines.historyVersions(pairId); }

  /** @return the clock's time to the microsecond, as the database keeps it (so what is returned equals what is read back) */
  private java.time.Instant now() { return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS); }

  private void requireSet(String set) { if (!guidelines.setExists(set)) throw noSet(set); }

  private static InvalidInputException noSet(String set) { return new InvalidInputException("no pair set named '" + set + "'"); }
}
