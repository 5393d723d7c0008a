package dev.evenhand.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Genmo;
import dev.evenhand.testing.ScriptedStoryModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report folder of an audit (the break pass of issue 14): a folder that cannot take the files is refused before any
 * question is asked (it used to fail with exit 1 after the whole audit), and {@code audit report RUN DIR} writes the
 * report of a run that exists, e.g. one whose report was not asked for or was cut short.
 */
class AuditReportFolderTest {
  @TempDir Path home;

  @Test
  void aBadReportFolderIsRefusedBeforeAnyQuestionAndAuditReportWritesAnExistingRunsReport() throws Exception {
    try (FakeOllama ollama = FakeOllama.start().models("llama3.1:8b").onChat(new ScriptedStoryModel())) {
      String db = home.resolve("db/evenhand").toString();
      CliRunner cli = new CliRunner(home, Map.of());
      assertThat(cli.run("--db", db, "import", "genmo", Genmo.fixture().toString()).exit()).isZero();
      Path file = Files.writeString(home.resolve("a file"), "not a folder");
      for (Path bad : List.of(file, file.resolve("sub"))) {
        CliRunner.Result r = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b", "--set", "genmo", "--report", bad.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("evenhand: --report: ").contains(bad.toString()).doesNotContain(".partial");
      }
      assertThat(ollama.chatCount()).as("no question asked").isZero();
      // an audit that fails (Ollama away: exit 4) leaves no empty report folder behind (it was made by the check)
      Path never = home.resolve("never/report");
      CliRunner.Result away = cli.run("--db", db, "--ollama", "http://127.0.0.1:9", "audit", "--models", "llama3.1:8b", "--set", "genmo", "--report",
          never.toString());
      assertThat(away.exit()).as(away.err()).isEqualTo(4);
      assertThat(home.resolve("never")).doesNotExist();

      CliRunner.Result audit = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b", "--set", "genmo", "--limit", "5");
      assertThat(audit.exit()).as(audit.err()).isZero();
      Path dir = home.resolve("later report");
      CliRunner.Result report = cli.run("--db", db, "audit", "report", "1", dir.toString());
      assertThat(report.exit()).as(report.err()).isZero();
      for (String f : List.of("judgments.csv", "metrics.json", "statistics.json", "report.html", "table.tex", "mismatch-rate.svg", "mismatch-rate.png")) {
        assertThat(report.out()).contains("wrote " + dir.resolve(f));
        assertThat(dir.resolve(f)).isNotEmptyFile();
      }
      CliRunner.Result none = cli.run("--db", db, "audit", "report", "9", dir.toString());
      assertThat(none.exit()).isEqualTo(2);
      assertThat(none.err()).contains("no audit run 9");
      assertThat(cli.run("--db", db, "audit", "report", "1", file.toString()).exit()).as("a file for the folder").isEqualTo(2);
    }
  }

  @Test
  void anEmptySetAndAModelGivenTwiceAreRefusedBeforeAnyQuestion() throws Exception {
    try (FakeOllama ollama = FakeOllama.start().models("llama3.1:8b").onChat(new ScriptedStoryModel())) {
      String db = home.resolve("db/evenhand").toString();
      CliRunner cli = new CliRunner(home, Map.of());
      assertThat(cli.run("--db", db, "import", "genmo", Genmo.fixture().toString()).exit()).isZero();
      // an empty set (an import of pairs all stored already makes none since session 15: made here through the store)
      try (dev.evenhand.store.Database d = dev.evenhand.store.Database.open(java.nio.file.Path.of(db))) {
        new dev.evenhand.store.PairImports(d).write(b -> b.pairSet("g2", "genmo", null));
      }
      CliRunner.Result empty = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b", "--set", "g2");
      assertThat(empty.exit()).as(empty.err()).isEqualTo(2);
      assertThat(empty.err()).contains("--set g2: the set has no pairs");
      CliRunner.Result twice = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--models", "llama3.1:8b,llama3.1:8b", "--set", "genmo");
      assertThat(twice.exit()).as(twice.err()).isEqualTo(2);
      assertThat(twice.err()).contains("--models: llama3.1:8b is given twice");
      assertThat(ollama.chatCount()).as("no question asked").isZero();
    }
  }

  @Test
  void resumeRefusesARunAnotherLiveProcessAuditsAndTakesItOnceFree() throws Exception {
    try (FakeOllama ollama = FakeOllama.start().models("llama3.1:8b").onChat(new ScriptedStoryModel())) {
      String db = home.resolve("db/evenhand").toString();
      CliRunner cli = new CliRunner(home, Map.of());
      assertThat(cli.run("--db", db, "import", "genmo", Genmo.fixture().toString()).exit()).isZero();
      long run;
      try (dev.evenhand.store.Database d = dev.evenhand.store.Database.open(Path.of(db))) {
        dev.evenhand.store.AuditRepository audits = new dev.evenhand.store.AuditRepository(d);
        run = audits.create("genmo", List.of("llama3.1:8b"), 3, dev.evenhand.domain.AuditProtocol.EVENHAND, 1, "{}").id();
        // another machine's process audits it and said so a moment ago
        assertThat(audits.holds().acquire(run, "lab-pc:4242", java.time.Duration.ofSeconds(60), o -> true)).isEmpty();
      }
      CliRunner.Result held = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--resume");
      assertThat(held.exit()).as(held.err()).isEqualTo(2);
      assertThat(held.err()).contains("audit run " + run + " is being audited by another process (lab-pc:4242)");
      CliRunner.Result delete = cli.run("--db", db, "delete", "audit", Long.toString(run), "--yes");
      assertThat(delete.exit()).as(delete.err()).isEqualTo(2);
      assertThat(delete.err()).contains("cannot delete audit " + run + ": it is being audited by lab-pc:4242").doesNotContain("SQL");
      assertThat(ollama.chatCount()).as("no question asked twice").isZero();

      try (dev.evenhand.store.Database d = dev.evenhand.store.Database.open(Path.of(db))) {
        new dev.evenhand.store.AuditRepository(d).holds().release(run, "lab-pc:4242");
      }
      CliRunner.Result resumed = cli.run("--db", db, "--ollama", ollama.url(), "audit", "--resume");
      assertThat(resumed.exit()).as(resumed.err()).isZero();
      assertThat(ollama.chatCount()).as("3 pairs, 2 stories").isEqualTo(6);
    }
  }
}
