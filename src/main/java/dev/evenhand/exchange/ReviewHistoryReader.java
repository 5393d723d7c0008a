package dev.evenhand.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evenhand.domain.FieldLimits;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.GenderedWord;
import dev.evenhand.domain.ReviewAction;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.store.PairArchive;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code history} of Evenhand's lossless record (FORMATS.md; written by {@link RecordFormats.Evenhand}):
 * every review row with its labels checked against the enums, and each row's neutrality {@code override} (issue 12).
 */
final class ReviewHistoryReader {
  private static final Set<String> HISTORY = Set.of("reviewer", "action", "status_before", "status_after", "male_before", "female_before",
      "male_after", "female_after", "reason", "blind", "at", "override");
  private static final Set<String> OVERRIDE = Set.of("story", "word", "reason");

  private ReviewHistoryReader() {}

  /** @return the history rows, oldest first; each problem is added to {@code r} (a row with one may be left out) */
  static List<PairArchive.ReviewRow> history(JsonNode n, RecordCheck r) {
    List<PairArchive.ReviewRow> history = new ArrayList<>();
    for (RecordCheck.Element e : r.objects(n, "history", "", HISTORY)) {
      JsonNode h = e.node();
      String hp = e.path();
      String reviewer = r.string(h, "reviewer", hp, FieldLimits.REVIEWER, true);
      if (reviewer != null && reviewer.isBlank()) r.bad(hp + "reviewer", "empty");
      String action = r.label(r.string(h, "action", hp, 100, true), hp + "action", ReviewAction::parse, a -> ((ReviewAction) a).label());
      String before = r.label(r.string(h, "status_before", hp, 100, true), hp + "status_before", ReviewStatus::parse, st -> ((ReviewStatus) st).label());
      String after = r.label(r.string(h, "status_after", hp, 100, true), hp + "status_after", ReviewStatus::parse, st -> ((ReviewStatus) st).label());
      String[] texts = new String[4];
      String[] keys = {"male_before", "female_before", "male_after", "female_after"};
      for (int k = 0; k < 4; k++) texts[k] = r.string(h, keys[k], hp, FieldLimits.LONG_TEXT, false);
      String reason = r.string(h, "reason", hp, FieldLimits.REASON, false);
      Boolean blind = r.bool(h, "blind", hp);
      Instant at = r.time(h, "at", hp, true);
      history.add(new PairArchive.ReviewRow(reviewer, action, before, after, texts[0], texts[1], texts[2], texts[3], reason == null ? "" : reason,
          blind != null && blind, at, override(h, hp, r)));
    }
    return history;
  }

  /** The findings of a history row's neutrality override (issue 12), empty when it has none. */
  private static List<GenderedWord> override(JsonNode h, String hp, RecordCheck r) {
    List<GenderedWord> out = new ArrayList<>();
    for (RecordCheck.Element e : r.objects(h, "override", hp, OVERRIDE)) {
      JsonNode w = e.node();
      String wp = e.path();
      String story = r.string(w, "story", wp, 10, true);
      String word = r.string(w, "word", wp, 200, true);
      String reason = r.string(w, "reason", wp, 100, false);
      Gender g = "male".equals(story) ? Gender.MALE : "female".equals(story) ? Gender.FEMALE : null;
      if (story != null && g == null) r.bad(wp + "story", "'" + story + "' is not male or female");
      if (g != null && word != null) out.add(new GenderedWord(g, word, reason));
    }
    return out;
  }
}
