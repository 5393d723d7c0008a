package dev.evenhand.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Terminal messages on a screen: Markdown code spans become quotations, nothing else changes. */
class UiTextTest {
  @Test
  void codeSpansBecomeQuotationsAndOtherTextStays() {
    assertThat(UiText.plain("start it with `ollama serve` (or open the app), then `ollama pull x`"))
        .isEqualTo("start it with \u201collama serve\u201d (or open the app), then \u201collama pull x\u201d");
    assertThat(UiText.plain("a lone ` backtick")).isEqualTo("a lone  backtick");
    assertThat(UiText.plain("no code here")).isEqualTo("no code here");
    assertThat(UiText.plain(null)).isNull();
  }
}
