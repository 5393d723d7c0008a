package dev.evenhand.exchange;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.evenhand.domain.FieldLimits;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Reads GenMO (FORMATS.md): one JSON array of {male_story, female_story, environment, source} and nothing
 * after it. GenMO names no one, so the protagonists' names come from {@link ImportService.PairFacts#names}.
 */
final class GenmoReader {
  private final ImportService.PairFacts facts;

  /** @param facts finds the protagonists' names */
  GenmoReader(ImportService.PairFacts facts) { this.facts = facts; }

  /**
   * Reads {@code file}, handing each readable record to {@code sink} and adding a problem (file:line:field) for
   * each that is not.
   *
   * @param name the file name used in problems
   * @throws java.util.concurrent.CancellationException when {@code cancelled} turns true
   * @throws IOException when the file cannot be read
   * @throws dev.evenhand.store.StoreException when the sink fails to store a record
   */
  void read(Path file, String name, ImportProblems problems, ImportEntry.Sink sink, BooleanSupplier cancelled) throws IOException {
    try (BufferedReader in = ImportFiles.utf8(file); JsonParser p = ImportFiles.JSON.getFactory().createParser(in)) {
      try {
        JsonToken t;
        try {
          t = p.nextToken();
        } catch (JsonProcessingException e) {
          problems.fatal(ImportFiles.jsonProblem(e, p, name, 0, 1));
          return;
        }
        if (t != JsonToken.START_ARRAY) {
          problems.fatal(new ImportService.Problem(name, Math.max(p.currentTokenLocation().getLineNr(), 1), "", "not a JSON array of story pairs" + (t == JsonToken.START_OBJECT
              ? ": it starts with an object, as JSON Lines do (Evenhand's own export: import jsonl; the paper's files: import paper)" : "")));
          return;
        }
        boolean any = false;
        int index = 0;
        while (true) {
          long line;
          JsonNode n;
          try {
            t = p.nextToken();
            if (t == JsonToken.END_ARRAY) break;
            if (t == null) {
              problems.fatal(new ImportService.Problem(name, p.currentLocation().getLineNr(), "", "the file ends inside the array"));
              return;
            }
            line = p.currentTokenLocation().getLineNr();
            n = ImportFiles.JSON.readTree(p);
          } catch (JsonProcessingException e) {
            problems.fatal(ImportFiles.jsonProblem(e, p, name, 0, 1));
            return;
          }
          index++;
          if (cancelled.getAsBoolean()) throw new CancellationException("import cancelled");
          any = true;
          if (n == null || !n.isObject()) {
            problems.add(new ImportService.Problem(name, line, "", "not a JSON object (" + (n == null ? "nothing" : RecordCheck.type(n)) + ")"));
            continue;
          }
          RecordCheck r = new RecordCheck(name, line, problems);
          String male = r.string(n, "male_story", "", FieldLimits.LONG_TEXT, true);
          String female = r.string(n, "female_story", "", FieldLimits.LONG_TEXT, true);
          String env = r.environment(n, "environment");
          r.string(n, "source", "", FieldLimits.LONG_TEXT, false);
          if (male != null && male.isBlank()) r.bad("male_story", "empty");
          if (female != null && female.isBlank()) r.bad("female_story", "empty");
          if (!r.ok()) continue;
          if (sink == ImportEntry.CHECK_ONLY) continue;
          ImportService.Names names = facts.names(male, female);
          checkName(r, "male_story", names.male());
          checkName(r, "female_story", names.female());
          if (!r.ok()) continue;
          // GenMO's file is often one line: the preview numbers the records by their place in the array
          sink.entry(ImportEntry.plain(index, new StoryPair(new Story(Gender.MALE, names.male(), male), new Story(Gender.FEMALE, names.female(), female), env), env));
        }
        JsonToken more;
        long at;
        try {
          more = p.nextToken();
          at = p.currentTokenLocation().getLineNr();
        } catch (JsonProcessingException e) {
          more = JsonToken.NOT_AVAILABLE;
          at = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        }
        if (more != null) {
          problems.fatal(new ImportService.Problem(name, Math.max(at, 1), "", "more data after the JSON array of story pairs (one array per file)"));
          return;
        }
        if (!any) problems.fatal(new ImportService.Problem(name, 0, "", "the file holds no story pairs"));
      } catch (CharacterCodingException e) {
        problems.fatal(ImportFiles.notUtf8(name, file));
      }
    }
  }

  /** A problem at {@code field} when the protagonist's name found in its story does not fit the store. */
  private static void checkName(RecordCheck r, String field, String name) {
    String why = name == null ? null : RecordCheck.textProblem(name, FieldLimits.CHARACTER_NAME);
    if (why != null) r.bad(field, "the protagonist's name found in it: " + why);
  }
}
