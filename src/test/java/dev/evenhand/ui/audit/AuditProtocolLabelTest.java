package dev.evenhand.ui.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.AuditProtocol;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.ScriptedAnswerDistribution;
import dev.evenhand.testing.ViewModelHarness;
import dev.evenhand.usecase.AuditUseCase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Audit screen states the shown run's protocol, samples and every decoding option (issue 14). */
class AuditProtocolLabelTest {
  @TempDir Path home;

  @Test
  void theShownRunsProtocolAndDecodingAreOnTheScreen() throws Exception {
    try (ViewModelHarness h = new ViewModelHarness(home, FakeOllama.start().models("llama3.1:8b").onChat(new ScriptedAnswerDistribution("Moral")))) {
      h.services.imports().importFile(ImportService.Source.GENMO, Genmo.fixture(), "genmo", false, n -> { }, () -> false);
      h.services.audits().start(new AuditUseCase.Request("genmo", List.of("llama3.1:8b"), 2, AuditProtocol.PAPER, 2), 1, Duration.ofSeconds(5),
          (done, total) -> { }, new AtomicBoolean());
      AuditViewModel vm = h.screens.audit();
      assertThat(vm.protocol().get()).isEmpty();
      vm.refresh();
      vm.selected().set(vm.runs().get(0));
      assertThat(vm.protocol().get()).startsWith("Audit protocol paper, 2 samples per story; llama3.1:8b: temperature 0.6, top_p 0.9, top_k 50")
          .contains("num_predict 512", "(sampling)");
    }
  }
}
