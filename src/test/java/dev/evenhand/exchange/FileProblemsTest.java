package dev.evenhand.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/**
 * The reason words of file failures. "Permission denied" cannot be provoked for real when the tests run
 * as root (root reads any file), so the mapping is checked here; ImportTest checks it for real otherwise.
 */
class FileProblemsTest {
  @Test
  void eachFailureKindHasItsReasonWithoutThePath() {
    assertThat(FileProblems.why(new AccessDeniedException("/data/in.json"))).isEqualTo("permission denied");
    assertThat(FileProblems.why(new NoSuchFileException("/data/in.json"))).isEqualTo("no such file or folder");
    assertThat(FileProblems.why(new FileSystemException("/data/in.json", null, "Is a directory"))).isEqualTo("is a folder");
    assertThat(FileProblems.why(new FileSystemException("/data/out.jsonl", null, "No space left on device"))).isEqualTo("No space left on device");
    assertThat(FileProblems.why(new java.io.IOException("Input/output error"))).isEqualTo("Input/output error");
  }
}
