package dev.evenhand.app;

import dev.evenhand.usecase.Settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings: bad values refused naming file and key; what is saved loads back the same. */
class SettingsTest {
  @TempDir Path dir;

  private Path file(String body) throws Exception {
    Path f = dir.resolve("evenhand/settings.properties");
    Files.createDirectories(f.getParent());
    Files.writeString(f, body);
    return f;
  }

  @Test
  void badValuesAreRefusedNamingFileAndKey() throws Exception {
    assertThatThrownBy(() -> Settings.load(file("ollama.urls=ftp://gpu-box\n"))).hasMessageContaining("settings.properties: ollama.urls");
    assertThatThrownBy(() -> Settings.load(file("timeout.seconds=-5\n"))).hasMessageContaining("timeout.seconds").hasMessageContaining("-5");
    assertThatThrownBy(() -> Settings.load(file("profile=gpt9_1t\n"))).hasMessageContaining("profile").hasMessageContaining("gpt9_1t");
    assertThatThrownBy(() -> Settings.load(file("parallel=0\n"))).hasMessageContaining("parallel");
    assertThatThrownBy(() -> Settings.load(file("theme=blue\n"))).hasMessageContaining("theme");
    assertThatThrownBy(() -> Settings.load(file("keys.accept=\n"))).hasMessageContaining("keys.accept");
    assertThatThrownBy(() -> Settings.load(file("keys.accept=R\n"))).hasMessageContaining("keys.accept: R is already keys.reject's key");
    assertThatThrownBy(() -> Settings.load(file("keys.acept=Y\n"))).hasMessageContaining("keys.acept: no such action");
    assertThat(Settings.load(file("keys.accept=R\nkeys.reject=A\n")).keys()).containsEntry("keys.accept", "R");
    assertThatThrownBy(() -> Settings.load(dir))
        .hasMessageContaining("folder");
  }

  @Test
  void savedSettingsLoadBackTheSame() throws Exception {
    Path f = dir.resolve("cfg/evenhand/settings.properties");
    Settings s = new Settings("http://gpu1:11434,http://gpu2:11434", "Zoë", 4, Duration.ofSeconds(900), "dark",
        Map.of("keys.accept", "Y"), "mistral_7b");
    s.save(f);
    assertThat(Settings.load(f)).isEqualTo(s);
    assertThat(Settings.load(dir.resolve("missing.properties"))).isEqualTo(Settings.defaults());
  }
}
