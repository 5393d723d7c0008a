package dev.evenhand.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link OllamaHost}: which Ollama URLs point at this machine, and the host named when one does not. */
class OllamaHostTest {
  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      "http://localhost:11434, -",
      "http://LOCALHOST:11434, -",
      "http://ollama.localhost:11434, -",
      "http://127.0.0.1:11434, -",
      "http://127.1.2.3:11434, -",
      "http://[::1]:11434, -",
      "http://[0:0:0:0:0:0:0:1]:11434, -",
      "http://0.0.0.0:11434, -",
      "http://gpu-box:11434, gpu-box",
      "https://gpu.lab.example.org, gpu.lab.example.org",
      "http://10.0.0.7:11434, 10.0.0.7",
      "http://[fe80::1]:11434, [fe80::1]",
      "not a url at all, -",
      "'', -"})
  void aUrlOnThisMachineNamesNoRemoteHost(String url, String remote) {
    assertThat(OllamaHost.remoteHost(url)).as(url).isEqualTo(remote);
  }
}
