package dev.evenhand.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one "have a model judge them" command every hint about imported pairs gives (review list, assign, export). */
class JudgeCommandTest {
  @Test
  void theSetAskedAboutElseTheOneThatWaitsElseEveryOneQuotedForAShell() {
    assertThat(ReviewUseCase.judgeCommand("genmo", List.of("other"))).isEqualTo("`evenhand generate --from-set genmo --model TAG`");
    assertThat(ReviewUseCase.judgeCommand(null, List.of("genmo"))).isEqualTo("`evenhand generate --from-set genmo --model TAG`");
    assertThat(ReviewUseCase.judgeCommand(null, List.of("a b", "it's", "ok")))
        .isEqualTo("`evenhand generate --from-set SET --model TAG` (SET: 'a b', 'it'\\''s', ok)");
    assertThat(ReviewUseCase.judgeCommand("my set", List.of())).isEqualTo("`evenhand generate --from-set 'my set' --model TAG`");
    assertThat(ReviewUseCase.judgeCommand(null, List.of())).isEqualTo("`evenhand generate --from-set SET --model TAG`");
  }
}
