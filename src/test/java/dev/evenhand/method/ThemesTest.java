package dev.evenhand.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evenhand.domain.Theme;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The packed seed themes and their rotation. */
class ThemesTest {
  private static String packed() throws IOException {
    try (InputStream in = ThemesTest.class.getClassLoader().getResourceAsStream("datasets/themes.jsonl")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void thePackedFileHasAtLeastSixtyThemesOverTheEightEnvironments() throws IOException {
    Themes t = Themes.parse("themes.jsonl", packed());
    assertThat(t.all()).hasSizeGreaterThanOrEqualTo(60);
    Map<String, Integer> byEnv = new TreeMap<>();
    for (Theme th : t.all()) byEnv.merge(th.environment(), 1, Integer::sum);
    assertThat(byEnv.keySet()).containsExactlyInAnyOrder("Work", "Relationship", "Family", "Health", "Money", "School", "Community", "Other");
  }

  @Test
  void anyEightConsecutiveAttemptsCoverEveryEnvironment() throws IOException {
    Themes t = Themes.parse("themes.jsonl", packed());
    for (int start = 1; start <= 40; start++) {
      Set<String> envs = new HashSet<>();
      for (int a = start; a < start + 8; a++) envs.add(t.forAttempt(a).environment());
      assertThat(envs).as("attempts %d to %d", start, start + 7).hasSize(8);
    }
  }

  @Test
  void badLinesAreReportedWithFileLineAndField() {
    assertThatThrownBy(() -> Themes.parse("t.jsonl", "{\"id\":\"a\",\"environment\":\"Work\",\"theme\":\"x\"}\n{\"id\":\"b\",\"theme\":\"y\"}"))
        .hasMessage("t.jsonl:2:environment: missing or not a non-empty string");
    assertThatThrownBy(() -> Themes.parse("t.jsonl", "not json")).hasMessage("t.jsonl:1: not JSON");
    assertThatThrownBy(() -> Themes.parse("t.jsonl", "\n\n")).hasMessage("t.jsonl: no themes in the file");
  }

  @Test
  void aLineWithMoreThanOneValueOrAKeyGivenTwiceIsRefused() {
    String ok = "{\"id\":\"a\",\"environment\":\"Work\",\"theme\":\"x\"}";
    assertThatThrownBy(() -> Themes.parse("t.jsonl", ok + "\n" + ok.replace("\"a\"", "\"b\"") + " " + ok.replace("\"a\"", "\"c\"")))
        .hasMessage("t.jsonl:2: more data after the JSON object (one theme per line)");
    assertThatThrownBy(() -> Themes.parse("t.jsonl", ok + " and more words")).hasMessage("t.jsonl:1: more data after the JSON object (one theme per line)");
    assertThatThrownBy(() -> Themes.parse("t.jsonl", "{\"id\":\"a\",\"environment\":\"Work\",\"theme\":\"x\",\"theme\":\"y\"}"))
        .hasMessage("t.jsonl:1: not JSON");
  }

  @Test
  void aBomAndCrlfAreTolerated() {
    Themes t = Themes.parse("t.jsonl", "\uFEFF{\"id\":\"a\",\"environment\":\" Others\",\"theme\":\"x\"}\r\n");
    assertThat(t.all()).containsExactly(new Theme("a", "Other", "x"));
    assertThat(List.of(t.forAttempt(1), t.forAttempt(2))).allMatch(x -> x.id().equals("a"));
  }
}
