package dev.evenhand.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;

/**
 * What "Ollama is not reachable" advises depends on where the URL points: `ollama serve` helps only on this machine
 * (a newcomer trial with OLLAMA_HOST=gpu9 was told to run it here). Checked by hand through the CLI too:
 * {@code --ollama http://no-such-host.invalid:11434 models} says the name does not resolve (exit 4).
 */
class OllamaUnreachableTest {
  @Test
  void onThisMachineItSaysHowToStartOrInstallOllama() {
    for (String url : new String[] {"http://127.0.0.1:11434", "http://localhost:11434", "http://[::1]:11434", "http://0.0.0.0:11434"}) {
      assertThat(OllamaException.unreachable(url, new ConnectException()).getMessage()).as(url)
          .startsWith("Ollama is not reachable at " + url + ": start it with `ollama serve`")
          .contains("https://ollama.com/download").contains("--ollama URL or OLLAMA_HOST");
    }
  }

  @Test
  void onAnotherHostItSaysToCheckThatHostNotToRunOllamaHere() {
    String m = OllamaException.unreachable("http://gpu9:11434", new ConnectException("Connection refused")).getMessage();
    assertThat(m).contains("check that gpu9 is up").contains("OLLAMA_HOST=0.0.0.0").doesNotContain("start it with");
  }

  @Test
  void aHostNameThatDoesNotResolveIsSaidSo() {
    ConnectException e = new ConnectException();
    e.initCause(new UnresolvedAddressException());
    assertThat(OllamaException.unreachable("http://gpu9:11434", e).getMessage())
        .contains("the host name gpu9 does not resolve").doesNotContain("start it with");
    assertThat(OllamaException.unreachable("http://gpu9.lab:11434", new java.net.UnknownHostException("gpu9.lab")).getMessage())
        .contains("the host name gpu9.lab does not resolve");
  }
}
