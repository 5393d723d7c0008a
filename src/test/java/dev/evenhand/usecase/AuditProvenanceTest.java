package dev.evenhand.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.domain.ChatExchange;
import dev.evenhand.domain.FaultKind;
import dev.evenhand.domain.ModelCall;
import dev.evenhand.domain.ModelRef;
import dev.evenhand.domain.PromptTemplate;
import dev.evenhand.domain.Step;
import dev.evenhand.domain.Timings;
import dev.evenhand.exchange.audit.ReportHeader;
import dev.evenhand.store.AuditRepository;
import dev.evenhand.store.CallRepository;
import dev.evenhand.store.Database;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.Genmo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report header read from what a real H2 store recorded: the run, its finish, and its successful calls only. */
class AuditProvenanceTest {
  @TempDir Path home;

  private static ModelCall call(String tag, String digest, String ollama, double temperature, FaultKind fault) {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("temperature", temperature);
    options.put("num_predict", 256);
    options.put("stop", List.of("\n\n"));
    return new ModelCall(Step.AUDIT, new ModelRef(tag, digest, ollama), new PromptTemplate("audit", 2, ""), options,
        new ChatExchange("http://127.0.0.1:11434", "{}", fault == null ? "{}" : null, "{}", "stop", Timings.NONE, fault, null,
            Instant.parse("2026-12-01T10:00:00Z"), 12), fault, fault == null ? null : "server busy");
  }

  private static Set<String> parts(String joined, String by) { return new TreeSet<>(Arrays.asList(joined.split(java.util.regex.Pattern.quote(by)))); }

  @Test
  void theHeaderStatesEveryDigestVersionAndOptionOfTheSuccessfulCallsAndTheRunsDates() {
    Path db = home.resolve("db/evenhand");
    assertThat(new CliRunner(home, Map.of()).run("--db", db.toString(), "import", "genmo", Genmo.fixture().toString()).exit()).isZero();
    try (Database d = Database.open(db)) {
      AuditRepository audits = new AuditRepository(d);
      AuditRepository.AuditRun run = audits.create("genmo", List.of("llama3.1:8b", "mistral:7b"), 3);
      AuditProvenance provenance = new AuditProvenance(audits);

      ReportHeader none = provenance.header(run.id());
      assertThat(none.protocol()).isEqualTo("evenhand");
      assertThat(none.samples()).isEqualTo(1);
      assertThat(none.limit()).contains(3);
      assertThat(none.setText()).isEqualTo("genmo (first 3 pairs)");
      assertThat(none.digests()).containsExactly(Map.entry("llama3.1:8b", "unknown"), Map.entry("mistral:7b", "unknown"));
      assertThat(none.decodingText("llama3.1:8b")).isEqualTo("not recorded");
      assertThat(none.ollamaVersion()).isEqualTo("unknown");
      assertThat(none.finished()).isEmpty();
      assertThat(none.contaminated()).as("no pair of the set was exported").isZero();
      assertThat(none.datesText()).endsWith(", unfinished");

      long pair = audits.pairIds(run).get(0);
      CallRepository calls = new CallRepository(d);
      calls.insertForAudit(run.id(), pair, call("llama3.1:8b", "sha256:aaa", "0.6.5", 0.0, null));
      calls.insertForAudit(run.id(), pair, call("llama3.1:8b", "sha256:bbb", "0.7.0", 0.6, null));
      calls.insertForAudit(run.id(), pair, call("mistral:7b", "sha256:failed", "0.9.9", 0.3, FaultKind.SERVER_BUSY));
      audits.finish(run.id());

      ReportHeader h = provenance.header(run.id());
      assertThat(parts(h.digests().get("llama3.1:8b"), ", ")).as("the model changed during the run: both digests").containsExactly("sha256:aaa", "sha256:bbb");
      assertThat(h.digests().get("mistral:7b")).as("a failed call states nothing").isEqualTo("unknown");
      assertThat(parts(h.ollamaVersion(), ", ")).containsExactly("0.6.5", "0.7.0");
      assertThat(h.decoding().get("llama3.1:8b")).containsOnlyKeys("temperature", "num_predict", "stop");
      assertThat(parts(h.decoding().get("llama3.1:8b").get("temperature"), " | ")).containsExactly("0.0", "0.6");
      assertThat(h.decoding().get("llama3.1:8b").get("num_predict")).isEqualTo("256");
      assertThat(h.decoding().get("llama3.1:8b").get("stop")).isEqualTo("[\"\\n\\n\"]");
      assertThat(h.decoding().get("mistral:7b")).isEmpty();
      assertThat(h.created()).isEqualTo(run.createdAt());
      assertThat(h.finished()).isPresent();
      assertThat(h.finished().get()).isAfterOrEqualTo(h.created());
      assertThat(h.lines()).contains("Protocol: evenhand; samples per story: 1");
    }
  }

  @Test
  void optionsThatAreNotAJsonObjectReadAsNone() {
    assertThat(AuditProvenance.readOptions(null)).isEmpty();
    assertThat(AuditProvenance.readOptions(" ")).isEmpty();
    assertThat(AuditProvenance.readOptions("[1,2]")).isEmpty();
    assertThat(AuditProvenance.readOptions("{not json")).isEmpty();
    assertThat(AuditProvenance.readOptions("{\"b\":1,\"a\":{\"x\":true}}")).containsExactly(Map.entry("b", "1"), Map.entry("a", "{\"x\":true}"));
  }
}
