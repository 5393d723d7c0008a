package dev.evenhand.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** URL resolution as the CLI contract of DESIGN.md says. */
class OllamaUrlsTest {
  @Test
  void precedenceIsOptionThenSettingThenOllamaHostThenDefault() {
    assertThat(OllamaUrls.resolve("http://a:1", "http://b:2", "c")).containsExactly("http://a:1");
    assertThat(OllamaUrls.resolve(null, "http://b:2", "c")).containsExactly("http://b:2");
    assertThat(OllamaUrls.resolve(null, "", "c")).containsExactly("http://c:11434");
    assertThat(OllamaUrls.resolve(null, null, null)).containsExactly("http://127.0.0.1:11434");
  }

  @Test
  void ollamaHostIsReadAsOllamasClientReadsIt() {
    assertThat(OllamaUrls.normalise("0.0.0.0")).isEqualTo("http://127.0.0.1:11434");
    assertThat(OllamaUrls.normalise("0.0.0.0:9999")).isEqualTo("http://127.0.0.1:9999");
    assertThat(OllamaUrls.normalise("gpu-box")).isEqualTo("http://gpu-box:11434");
    assertThat(OllamaUrls.normalise("https://ollama.lab/")).isEqualTo("https://ollama.lab:443");
    assertThat(OllamaUrls.normalise("[::1]:11500")).isEqualTo("http://[::1]:11500");
  }

  @Test
  void aListGivesSeveralHosts() {
    assertThat(OllamaUrls.resolve("a:1, b:2", null, null)).containsExactly("http://a:1", "http://b:2");
    assertThat(OllamaUrls.resolve("a:1,http://a:1/", null, null)).as("the same host once").containsExactly("http://a:1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OllamaUrls.resolve(",", null, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void garbageIsRefused() {
    assertThatThrownBy(() -> OllamaUrls.normalise("ftp://x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OllamaUrls.normalise("host:99999")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OllamaUrls.normalise("bad host")).isInstanceOf(IllegalArgumentException.class);
  }
}
